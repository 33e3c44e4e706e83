import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stackVariables } from './check-vars';
import type { EnvironmentRun, EnvironmentStack } from './environment';
import { plansDir, shown } from './layout';
import { countChanges, hasChanges, type PlanSummary, type StackPlan } from './plan-summary';
import { reviewablePlan, type PlanJson } from '../review/saved-plan';
import { init, prepareWorkDir, terraformRun, TerraformError } from './terraform';

export interface PlanOptions extends EnvironmentRun {
  readonly commit: string;
  readonly log: (line: string) => void;
}

/**
 * Plans each stack in order and saves, per stack, the binary plan in its working folder and the
 * readable plan (`<stack>.txt`) and `terraform show -json` of it (`<stack>.plan.json`) in
 * .skyport/plans/<env>/, with summary.json beside them. A stack whose plan fails
 * while a stack it reads from has pending changes is `blocked` (it plans once that one is applied,
 * e.g. on a first deployment), not failed.
 */
export async function planEnvironment(options: PlanOptions): Promise<PlanSummary> {
  const { layout, environment } = options;
  const dir = plansDir(layout, environment);
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir)) rmSync(path.join(dir, old), { force: true });
  const results = new Map<string, StackPlan>();
  for (const stack of options.stacks) {
    const started = Date.now();
    options.log(`plan: ${stack.name} ...`);
    const result = await planStack(options, stack, results);
    results.set(stack.name, result);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    options.log(
      `plan: ${stack.name}: ${
        result.status === 'changes' || result.status === 'no-changes'
          ? `${result.add} to add, ${result.change} to change, ${result.destroy} to destroy, ${result.replace} to replace`
          : `${result.status}: ${result.reason}`
      } (${seconds} s)`,
    );
  }
  const summary: PlanSummary = {
    environment,
    commit: options.commit,
    generatedAt: new Date().toISOString(),
    stacks: [...results.values()],
  };
  writeFileSync(path.join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

async function planStack(
  options: PlanOptions,
  stack: EnvironmentStack,
  earlier: ReadonlyMap<string, StackPlan>,
): Promise<StackPlan> {
  const { layout, terraform, environment: env } = options;
  const empty = { add: 0, change: 0, destroy: 0, replace: 0 };
  const pending = stack.dependencies.filter((name) => {
    const status = earlier.get(name)?.status;
    return status !== undefined && status !== 'no-changes';
  });
  try {
    prepareWorkDir(layout, terraform, stack, stackVariables(stack, options.values));
    await init(layout, terraform, env, stack.name);
    await terraformRun(layout, terraform, env, stack.name, 'plan', [
      'plan',
      '-input=false',
      '-no-color',
      '-out=plan.tfplan',
    ]);
    const json = await terraformRun(layout, terraform, env, stack.name, 'show-json', [
      'show',
      '-json',
      'plan.tfplan',
    ]);
    const text = await terraformRun(layout, terraform, env, stack.name, 'show', [
      'show',
      '-no-color',
      'plan.tfplan',
    ]);
    const planFile = `${stack.name}.txt`;
    writeFileSync(path.join(plansDir(layout, env), planFile), text.output);
    const plan = JSON.parse(json.output) as Parameters<typeof countChanges>[0] & PlanJson;
    // The machine-readable plan beside it, sensitive values masked: `make review FROM=plan` reads it.
    writeFileSync(
      path.join(plansDir(layout, env), `${stack.name}.plan.json`),
      `${JSON.stringify(reviewablePlan(plan), null, 2)}\n`,
    );
    return {
      stack: stack.name,
      status: hasChanges(plan) ? 'changes' : 'no-changes',
      ...countChanges(plan),
      plan: planFile,
    };
  } catch (error) {
    const reason =
      error instanceof TerraformError
        ? `${error.message.replace(`${stack.name} `, '')} (log: ${shown(layout, error.logFile)})`
        : (error as Error).message;
    if (pending.length > 0) {
      return {
        stack: stack.name,
        status: 'blocked',
        ...empty,
        reason: `plans after ${pending.join(', ')} is applied (${reason})`,
      };
    }
    return { stack: stack.name, status: 'failed', ...empty, reason };
  }
}
