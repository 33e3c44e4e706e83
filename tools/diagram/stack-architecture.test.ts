import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { synthDefault } from '../testing/default-synth';
import { buildArchitecture, type Architecture } from './architecture';
import { toDot } from './dot';
import { environmentPicturesFromSynth } from './from-synth';
import { stackArchitecture } from './stack-architecture';
import { renderSvg } from './svg';
import { SynthGraph, type StackDocument, type TerraformJson } from './synth-graph';

function threeTier(): SynthGraph {
  const { stacks } = JSON.parse(
    readFileSync(path.join(__dirname, 'fixtures', 'three-tier.json'), 'utf8'),
  ) as { stacks: Record<string, TerraformJson> };
  const documents: StackDocument[] = Object.entries(stacks).map(([stack, json]) => ({
    stack,
    json,
  }));
  return new SynthGraph(documents);
}

function stackOf(graph: SynthGraph, stack: string): Architecture {
  return stackArchitecture(buildArchitecture('t', graph), graph, stack);
}

const ids = (architecture: Architecture) => architecture.nodes.map((n) => n.id);

describe('one stack drawn from its environment (fixture)', () => {
  it("draws t-data's database and, for the t-app it reads through remote state, one box that the service's rule starts at", () => {
    const data = stackOf(threeTier(), 't-data');
    expect(data.nodes).toEqual([
      {
        id: 'stack_t_app',
        lines: ['stack t-app', 'read through remote state', 'aws_security_group'],
        tier: 'outside',
      },
      expect.objectContaining({ id: 't_data_postgres', stack: 't-data', tier: 'data' }),
    ]);
    expect(data.edges).toEqual([
      {
        from: 'stack_t_app',
        to: 't_data_postgres',
        kind: 'security-group',
        labels: ['ECS service t-api: tcp 5432'],
      },
    ]);
    expect(data.stacks).toEqual(['t-data']);
  });

  it("draws t-app's load balancer, service and the Internet, and nothing of t-data, which reads it", () => {
    const app = stackOf(threeTier(), 't-app');
    expect(ids(app).sort()).toEqual(['internet', 't_app_alb', 't_app_api']);
    expect(app.edges.map((e) => `${e.from} -> ${e.to}`).sort()).toEqual([
      'internet -> t_app_alb',
      't_app_alb -> t_app_api',
    ]);
  });

  it('refuses a stack the environment does not have', () => {
    const graph = threeTier();
    expect(() => stackArchitecture(buildArchitecture('t', graph), graph, 't-edge')).toThrow(
      /t-edge is not a stack of t/,
    );
  });
});

/** Graphviz writes each node's id, and each edge as `from->to`, in a <title>. */
function titles(svg: string): Set<string> {
  return new Set(
    [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) =>
      (m[1] ?? '').replace(/&#45;/g, '-').replace(/&gt;/g, '>'),
    ),
  );
}

describe('the stacks of the real prod environment drawn one by one', () => {
  let outdir: string;
  let stacks: ReadonlyMap<string, Architecture>;
  beforeAll(() => {
    outdir = synthDefault('stack-diagram-synth');
    stacks = environmentPicturesFromSynth(outdir, 'prod')!.stacks;
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('gives every stack of prod a picture', () => {
    expect([...stacks.keys()].sort()).toEqual([
      'prod-app',
      'prod-data',
      'prod-edge',
      'prod-network',
    ]);
  });

  it("prod-app: its own boxes, no other stack's, and one box each for prod-data and prod-network", () => {
    const app = stacks.get('prod-app')!;
    for (const node of app.nodes) {
      expect(['prod-app', undefined]).toContain(node.stack);
      expect(node.id).not.toMatch(/^prod_(data|network|edge)_/);
    }
    expect(ids(app)).toEqual(
      expect.arrayContaining([
        'stack_prod_data',
        'stack_prod_network',
        'prod_app_api_service_298EA376',
        'prod_app_api_load_balancer_alb_FC53A98A',
      ]),
    );
    const network = app.nodes.find((n) => n.id === 'stack_prod_network')!;
    expect(network.lines.slice(0, 2)).toEqual(['stack prod-network', 'read through remote state']);
    expect(network.lines[2]).toMatch(/aws_security_group.*aws_subnet × \d/);
    const edges = app.edges.map((e) => `${e.from} -> ${e.to}: ${e.labels.join(', ')}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        'prod_app_api_service_298EA376 -> stack_prod_data: RDS postgres 18: connects, tcp 5432',
        'prod_app_api_service_298EA376 -> stack_prod_network: NAT gateway × 3: default route',
      ]),
    );
  });

  it('prod-network reads no stack: its NAT and endpoints, none of the services that route through them', () => {
    const network = stacks.get('prod-network')!;
    expect(network.nodes.filter((n) => n.id.startsWith('stack_'))).toEqual([]);
    expect(ids(network)).toEqual(expect.arrayContaining(['prod_network_nat', 'internet']));
    expect(ids(network).filter((id) => id.startsWith('prod_app_'))).toEqual([]);
  });

  it.each(['prod-network', 'prod-data', 'prod-app', 'prod-edge'])(
    '%s renders with dot into SVG that parses and holds every box and edge',
    (stack) => {
      const architecture = stacks.get(stack)!;
      const svg = renderSvg(toDot(architecture));
      const lint = spawnSync('xmllint', ['--noout', '--nonet', '-'], {
        input: svg,
        encoding: 'utf8',
      });
      if (lint.error) throw new Error('xmllint not found: run scripts/graphviz.sh');
      expect({ status: lint.status, errors: lint.stderr }).toEqual({ status: 0, errors: '' });
      const drawn = titles(svg);
      for (const node of architecture.nodes) expect(drawn).toContain(node.id);
      for (const edge of architecture.edges) expect(drawn).toContain(`${edge.from}->${edge.to}`);
    },
  );
});
