import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planChanges, type PlanJson } from '../review/saved-plan';
import type { EnvironmentStack } from './environment';
import { layoutAt } from './layout';
import { planEnvironment } from './plan';
import { terraformFor } from './terraform';

/**
 * make plan saves `terraform show -json` beside the readable plan for make review, and that JSON
 * must not carry what the readable plan masks: `show -json` prints sensitive values in clear.
 * Real terraform on a provider-free stack (terraform_data), so it runs offline.
 */
describe('make plan, saving the JSON plan', () => {
  it('writes <stack>.plan.json with the resource changes and every sensitive value masked', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'plan-json-'));
    const json = {
      variable: { password: { type: 'string', sensitive: true } },
      resource: {
        terraform_data: { secret: { input: '${var.password}' }, plain: { input: 'visible' } },
      },
    };
    mkdirSync(path.join(root, 'cdktf.out', 'stacks', 'demo-secret'), { recursive: true });
    writeFileSync(
      path.join(root, 'cdktf.out', 'stacks', 'demo-secret', 'cdk.tf.json'),
      JSON.stringify(json),
    );
    const layout = layoutAt(root);
    const stack = { name: 'demo-secret', json, dependencies: [] } as unknown as EnvironmentStack;
    const summary = await planEnvironment({
      layout,
      terraform: terraformFor(layout, { ...process.env, SKYPORT_AWS_ENDPOINT: '' }),
      environment: 'demo',
      stacks: [stack],
      values: new Map([['password', 'hunter2-in-the-plan']]),
      commit: 'test',
      log: () => {},
    });
    expect(summary.stacks[0]).toMatchObject({ stack: 'demo-secret', status: 'changes', add: 2 });
    const saved = readFileSync(
      path.join(root, '.skyport', 'plans', 'demo', 'demo-secret.plan.json'),
      'utf8',
    );
    expect(saved).not.toContain('hunter2-in-the-plan');
    const changes = planChanges('demo-secret', JSON.parse(saved) as PlanJson);
    expect(changes.map((c) => [c.address, c.action, c.after?.input])).toEqual([
      ['terraform_data.plain', 'create', 'visible'],
      ['terraform_data.secret', 'create', '(sensitive)'],
    ]);
  });
});
