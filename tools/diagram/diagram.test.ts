import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { synthDefault } from '../testing/default-synth';
import { type Architecture } from './architecture';
import { toDot } from './dot';
import { architecturesFromSynth } from './from-synth';
import { renderSvg, sourceHash, svgSourceHash } from './svg';

/*
 * The committed SVGs and the real stacks. `make test` installs Graphviz and xmllint first
 * (`graphviz` is one of its prerequisites, scripts/graphviz.sh); run alone without them, the tests
 * below fail and say so instead of skipping.
 */
const root = path.join(__dirname, '..', '..');

function xmllint(svg: string): { ok: boolean; errors: string } {
  const run = spawnSync('xmllint', ['--noout', '--nonet', '-'], { input: svg, encoding: 'utf8' });
  if (run.error) {
    throw new Error('xmllint not found: run scripts/graphviz.sh (apt-get install libxml2-utils)');
  }
  return { ok: run.status === 0, errors: run.stderr };
}

const decode = (text: string) =>
  text.replace(/&#45;/g, '-').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');

/** Graphviz writes each node's id, and each edge as `from->to`, in a <title>. */
function titles(svg: string): Set<string> {
  return new Set([...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => decode(m[1] ?? '')));
}

function texts(svg: string): string {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1] ?? '')).join('\n');
}

function expectDrawn(svg: string, architecture: Architecture): void {
  expect(xmllint(svg)).toEqual({ ok: true, errors: '' });
  const drawn = titles(svg);
  for (const node of architecture.nodes) expect(drawn).toContain(node.id);
  for (const edge of architecture.edges) expect(drawn).toContain(`${edge.from}->${edge.to}`);
}

describe('the architecture diagrams of the real stacks', () => {
  let outdir: string;
  let architectures: Architecture[];
  beforeAll(() => {
    outdir = synthDefault('diagram-synth');
    architectures = architecturesFromSynth(outdir);
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('draws one picture per environment of the manifest, dev and prod', () => {
    expect(architectures.map((a) => a.environment)).toEqual(['dev', 'prod']);
  });

  it.each(['dev', 'prod'])(
    'docs/diagrams/%s.svg parses, matches a fresh synth and holds every box and edge (run `make diagram` when it does not)',
    (environment) => {
      const architecture = architectures.find((a) => a.environment === environment)!;
      const file = path.join(root, 'docs', 'diagrams', `${environment}.svg`);
      expect(existsSync(file)).toBe(true);
      const svg = readFileSync(file, 'utf8');
      expect(svgSourceHash(svg)).toBe(sourceHash(toDot(architecture)));
      expectDrawn(svg, architecture);
    },
  );

  it('renders a fresh synth with dot into SVG that parses and names the traffic path and ports', () => {
    const prod = architectures.find((a) => a.environment === 'prod')!;
    const svg = renderSvg(toDot(prod));
    expectDrawn(svg, prod);
    const words = texts(svg);
    for (const expected of [
      'CloudFront',
      'S3 bucket (site)',
      'Route53',
      'ALB skyport-prod-api',
      'ECS service skyport-prod-api',
      'RDS postgres',
      'ElastiCache valkey',
      'Amazon MQ RabbitMQ',
      'NAT gateway × 3',
      'Amazon Bedrock',
      'tcp 5432',
      'tcp 6379',
      'tcp 5671',
    ]) {
      expect(words).toContain(expected);
    }
  });

  // The dev profile's API ingress is an API Gateway HTTP API (app.apiIngress 'http-api'), prod's the ALB.
  it.each([
    [
      'dev',
      [
        'Route53 → API Gateway HTTP API skyport-dev-api: alias A',
        'Internet → API Gateway HTTP API skyport-dev-api: HTTPS 443',
        'API Gateway HTTP API skyport-dev-api → VPC link skyport-dev-api: integration HTTP_PROXY',
        'VPC link skyport-dev-api → ECS service skyport-dev-api: forward → :3000, tcp 3000',
      ],
      'ALB ',
    ],
    [
      'prod',
      [
        'Route53 → ALB skyport-prod-api: alias A',
        'Internet → ALB skyport-prod-api: tcp 80, 443',
        'ALB skyport-prod-api → ECS service skyport-prod-api: forward → :3000, tcp 3000',
      ],
      'API Gateway',
    ],
  ])(
    '%s: the API ingress path reaches the API service, and the other ingress is not drawn',
    (environment, ingress, absent) => {
      const architecture = architectures.find((a) => a.environment === environment)!;
      const title = (id: string) =>
        architecture.nodes.find((n) => n.id === id)?.lines[0] ?? `(no box ${id})`;
      const edges = architecture.edges.map(
        (e) => `${title(e.from)} → ${title(e.to)}: ${e.labels.join(', ')}`,
      );
      expect(edges).toEqual(expect.arrayContaining(ingress));
      expect(architecture.nodes.filter((n) => n.lines[0]?.startsWith(absent))).toEqual([]);
    },
  );

  // Dev ships with embedded data (decision 0025): PostgreSQL, Valkey and RabbitMQ are sidecars
  // of the API task, inside its box, so only prod draws the data tier.
  it.each([
    ['dev', false],
    ['prod', true],
  ])(
    '%s: the site path, the data ports (managed data: %s) and Bedrock are edges of the picture',
    (environment, managedData) => {
      const architecture = architectures.find((a) => a.environment === environment)!;
      const title = (id: string) =>
        architecture.nodes.find((n) => n.id === id)?.lines[0] ?? `(no box ${id})`;
      const edges = architecture.edges.map(
        (e) => `${title(e.from)} → ${title(e.to)}: ${e.labels.join(', ')}`,
      );
      const api = `ECS service skyport-${environment}-api`;
      expect(edges).toEqual(
        expect.arrayContaining([
          'Route53 → CloudFront: alias A/AAAA',
          'CloudFront → S3 bucket (site): origin (OAC)',
          `${api} → IAM task role: runs as`,
          'IAM task role → Amazon Bedrock: bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream',
        ]),
      );
      const dataEdges = [
        `${api} → RDS postgres 18: connects, tcp 5432`,
        expect.stringMatching(
          new RegExp(`^${api} → ElastiCache valkey [0-9.]+: connects, tcp 6379$`),
        ),
        expect.stringMatching(
          new RegExp(`^${api} → Amazon MQ RabbitMQ [0-9.]+: connects, tcp 5671$`),
        ),
      ];
      if (managedData) expect(edges).toEqual(expect.arrayContaining(dataEdges));
      else expect(edges.filter((e) => /RDS|ElastiCache|Amazon MQ/.test(e))).toEqual([]);
    },
  );
});
