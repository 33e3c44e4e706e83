import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJsonencode, type TerraformJson } from '@skyport/modules/testing';
import { buildApp } from './app';
import { PLACEHOLDER_STATE_BUCKET } from './config/state';
import { hclPath, writeHcl } from './hcl-output';
import { tokenize } from './hcl-tokens';

// Both app stacks as committed: dev's one task definition holds the API, worker, migration and
// embedded data containers; prod has one task definition per service.
const APP_STACKS = ['dev-app', 'prod-app'];
const outdir = mkdtempSync(path.join(tmpdir(), 'skyport-hcl-'));
const rendered = new Map<string, { hcl: string; json: TerraformJson }>();

beforeAll(() => {
  const app = buildApp({ outdir, env: { SKYPORT_STATE_BUCKET: PLACEHOLDER_STATE_BUCKET } });
  app.synth();
  writeHcl(app, outdir);
  for (const stack of APP_STACKS) {
    rendered.set(stack, {
      hcl: readFileSync(path.join(outdir, hclPath(stack)), 'utf8'),
      json: JSON.parse(
        readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'),
      ) as TerraformJson,
    });
  }
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const taskDefinitions = (json: TerraformJson) =>
  Object.entries(json.resource?.aws_ecs_task_definition ?? {}).map(([name, block]) => ({
    name,
    containers: decodeJsonencode(block.container_definitions) as { name: string }[],
  }));

/** The `container_definitions = jsonencode(...)` argument of one task definition, as written. */
function containerDefinitionsOf(hcl: string, resource: string): string {
  const lines = hcl.split('\n');
  const start = lines.indexOf(`resource "aws_ecs_task_definition" "${resource}" {`);
  const first = lines.findIndex(
    (line, at) => at > start && /^ {2}container_definitions\b/.test(line),
  );
  const last = (lines[first] as string).endsWith(')')
    ? first
    : lines.findIndex((line, at) => at > first && /^ {2}[\]}]\)$/.test(line));
  return lines.slice(first, last + 1).join('\n');
}

// A line longer than this must hold one string (a template counts) or one reference, optionally
// after `key =` and before a comma. HCL cannot split either without making it another expression
// (a join, a heredoc): these are ARNs, secret references, a collector's configuration and the
// remote-state outputs CDKTF names after the whole construct path.
const LINE_BOUND = 200;
const isOneOperand = (line: string): boolean => {
  const shape = tokenize(line)
    .map(({ kind, text }) => (kind === 'string' || kind === 'word' ? kind[0] : text))
    .join('');
  return /^(?:[sw]=)?(?:s|w(?:\.w)*),?$/.test(shape);
};

describe.each(APP_STACKS)('the HCL rendering of %s', (stack) => {
  it('writes each container definition one attribute per line, every container name on a line of its own', () => {
    const { hcl, json } = rendered.get(stack)!;
    const tasks = taskDefinitions(json);
    expect(tasks.length).toBeGreaterThan(0);
    for (const { name, containers } of tasks) {
      const argument = containerDefinitionsOf(hcl, name);
      expect(argument.split('\n').length).toBeGreaterThan(20 * containers.length);
      for (const container of containers) {
        expect(argument).toMatch(new RegExp(`^ {6}"name" += "${container.name}"$`, 'm'));
      }
      // The spread-out expression holds the value the JSON holds.
      const expression = argument.replace(/^ {2}container_definitions\s*=\s*/, '');
      expect(decodeJsonencode(`\${${expression}}`)).toEqual(containers);
    }
  });

  it(`has no line longer than ${LINE_BOUND} characters but one string or reference`, () => {
    const long = rendered
      .get(stack)!
      .hcl.split('\n')
      .filter((line) => line.length > LINE_BOUND && !isOneOperand(line));
    expect(long).toEqual([]);
  });
});
