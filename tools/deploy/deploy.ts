import { existsSync } from 'node:fs';
import path from 'node:path';
import { deployWeb } from '../deploy-web/deploy-web';
import { stackVariables } from './check-vars';
import type { EnvironmentRun, EnvironmentStack } from './environment';
import { buildAndPush, imageExists } from './image';
import { logsDir, shown, workDir, type Layout } from './layout';
import type { Step } from './steps';
import { init, prepareWorkDir, TerraformError, terraformRun, type Terraform } from './terraform';

export interface DeployOptions extends EnvironmentRun {
  readonly imageTag: string;
  /** Builds the site for an API origin and returns the export folder. */
  readonly buildSite: (apiUrl: string) => Promise<string>;
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const resourcesOf = (stack: EnvironmentStack) => (stack.json.resource ?? {}) as Resources;
const regionOf = (stack: EnvironmentStack) => {
  const region = (stack.json.provider?.aws ?? []).find(
    (block) => block.alias === undefined,
  )?.region;
  return typeof region === 'string' ? region : 'us-east-1';
};
/** A string output, or '' when the stack has none. */
const text = (outputs: Record<string, { value: unknown }>, name: string) => {
  const value = outputs[name]?.value;
  return typeof value === 'string' ? value : '';
};

/** The image repository a stack owns, as a Terraform address. */
function repositoryAddress(stack: EnvironmentStack): string | undefined {
  const name = Object.keys(resourcesOf(stack).aws_ecr_repository ?? {})[0];
  return name ? `aws_ecr_repository.${name}` : undefined;
}

/** The terraform_data resource whose replacement runs the migration task (stacks/app-stack.ts). */
function migrationAddress(stack: EnvironmentStack): string | undefined {
  return resourcesOf(stack).terraform_data?.['run-migrations']
    ? 'terraform_data.run-migrations'
    : undefined;
}

const hasOutputs = (stack: EnvironmentStack, ...names: string[]) =>
  names.every((name) => name in ((stack.json as { output?: object }).output ?? {}));

function applied(output: string): string {
  const match = /Resources: (\d+) added, (\d+) changed, (\d+) destroyed/.exec(output);
  if (!match || (match[1] === '0' && match[2] === '0' && match[3] === '0')) return 'no changes';
  return `${match[1]} added, ${match[2]} changed, ${match[3]} destroyed`;
}

/**
 * The steps of `make deploy`, in order: every stack applied after the stacks it reads from; for the
 * stack with the image repository, the repository first (a targeted apply, once), then the image
 * (built and pushed unless the tag is there), then the migration task alone (a targeted apply: a
 * failed migration stops here and no service changes), then the rest, where the services roll out
 * and the apply waits for steady state; last, the site. Every step is safe to run again.
 */
export function deploySteps(options: DeployOptions): Step[] {
  const { layout, terraform, environment: env } = options;
  const steps: Step[] = [];
  const tf = (stack: string, step: string, args: string[]) =>
    terraformRun(layout, terraform, env, stack, step, args);
  const logOf = (stack: string, step: string) =>
    shown(layout, path.join(logsDir(layout, env), `${stack}.${step}.log`));
  const apply = async (stack: EnvironmentStack, step: string, targets: string[] = []) => {
    const result = await tf(stack.name, step, [
      'apply',
      '-input=false',
      '-no-color',
      '-auto-approve',
      ...targets.map((target) => `-target=${target}`),
    ]);
    return applied(result.output);
  };
  const stateHas = async (stack: string, address: string) => {
    // `state list` fails when the stack has no state yet (its first deployment).
    const list = await tf(stack, 'state-list', ['state', 'list', '-no-color']).catch(
      (error: unknown) => {
        if (
          error instanceof TerraformError &&
          /No state file was found/.test(error.result.output)
        ) {
          return { output: '' };
        }
        throw error;
      },
    );
    return list.output.split('\n').includes(address);
  };
  const outputs = async (stack: string) =>
    JSON.parse((await tf(stack, 'output', ['output', '-no-color', '-json'])).output) as Record<
      string,
      { value: unknown }
    >;

  for (const stack of options.stacks) {
    const repository = repositoryAddress(stack);
    const migration = migrationAddress(stack);
    steps.push({
      title: `${stack.name}: terraform init`,
      log: logOf(stack.name, 'init'),
      run: async () => {
        prepareWorkDir(layout, terraform, stack, stackVariables(stack, options.values));
        await init(layout, terraform, env, stack.name);
        return 'ready';
      },
    });
    if (repository) {
      steps.push({
        title: `${stack.name}: image repository`,
        log: logOf(stack.name, 'apply-repository'),
        run: async () =>
          (await stateHas(stack.name, repository))
            ? 'exists'
            : apply(stack, 'apply-repository', [repository]),
      });
      steps.push({
        title: `${stack.name}: image ${options.imageTag} (docker buildx, linux/arm64; several minutes when it builds)`,
        log: logOf(stack.name, 'image'),
        run: async () => {
          const repositoryUrl = text(await outputs(stack.name), 'repository_url');
          const image = {
            repositoryUrl:
              repositoryUrl ||
              (await repositoryUrlFromState(layout, terraform, env, stack.name, repository)),
            tag: options.imageTag,
            region: regionOf(stack),
            root: layout.root,
            env: terraform.env,
            logFile: path.join(logsDir(layout, env), `${stack.name}.image.log`),
          };
          if (await imageExists(image)) return `already in ${image.repositoryUrl}`;
          await buildAndPush(image);
          return `pushed to ${image.repositoryUrl}`;
        },
      });
    }
    if (migration) {
      steps.push({
        title: `${stack.name}: migrations (the migration task runs and is waited for; the services do not change yet)`,
        log: logOf(stack.name, 'apply-migrations'),
        run: async () => {
          const result = await apply(stack, 'apply-migrations', [migration]);
          return result === 'no changes' ? 'none to run (same task definition)' : 'applied';
        },
      });
    }
    steps.push({
      title: `${stack.name}: apply${repository ? ' (the services roll out; waits for steady state, 5-15 minutes)' : ''}`,
      log: logOf(stack.name, 'apply'),
      run: () => apply(stack, 'apply'),
    });
  }

  const edge = options.stacks.find((stack) => hasOutputs(stack, 'site_bucket', 'distribution_id'));
  const api = options.stacks.find((stack) => hasOutputs(stack, 'api_url'));
  if (edge && api) {
    steps.push({
      title: 'site: build for the API origin and publish (about 2 minutes)',
      run: async () => {
        const apiUrl = text(await outputs(api.name), 'api_url');
        const site = await outputs(edge.name);
        const dir = await options.buildSite(apiUrl);
        const result = await deployWeb({
          dir,
          bucket: text(site, 'site_bucket'),
          distributionId: text(site, 'distribution_id'),
          region: regionOf(edge),
          endpoint: terraform.endpoint,
        });
        return (
          `${result.uploaded} uploaded, ${result.unchanged} unchanged, ${result.deleted} deleted` +
          (result.invalidationId ? `, invalidation ${result.invalidationId}` : '')
        );
      },
    });
  }
  return steps;
}

async function repositoryUrlFromState(
  layout: Layout,
  terraform: Terraform,
  env: string,
  stack: string,
  address: string,
): Promise<string> {
  const shown = await terraformRun(layout, terraform, env, stack, 'state-show', [
    'state',
    'show',
    '-no-color',
    address,
  ]);
  const match = /repository_url\s*=\s*"([^"]+)"/.exec(shown.output);
  if (!match) throw new Error(`${stack}: ${address} has no repository_url in state`);
  return match[1]!;
}

/** Whether the working folder of a stack exists (it was planned or deployed from this checkout). */
export const initialised = (layout: Layout, stack: string) =>
  existsSync(path.join(workDir(layout, stack), '.terraform'));
