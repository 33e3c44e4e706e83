import {
  decodeJsonencode,
  type TerraformBlock,
  type TerraformJson,
} from '@skyport/modules/testing';
import { ENVIRONMENTS, type EnvironmentProfile } from './config/environments';
import { synthesizeApp, withManagedDev, type SynthesizedApp } from './test-support';

// The `<env>-app` tests read both environments with managed data, dev's one setting away; dev
// ships with embedded data (decision 0025), tested as committed in app-stack-embedded.test.ts.
export const committedDev = ENVIRONMENTS.dev as EnvironmentProfile;

let managed: SynthesizedApp | undefined;
/** A stack of the app with every profile as committed but dev's data managed, synthesized once. */
export const stack = (id: string) => {
  managed ??= synthesizeApp({ profiles: withManagedDev() });
  return managed.stacks.get(id) as TerraformJson;
};

export const blocks = (json: TerraformJson, type: string) =>
  Object.entries(json.resource?.[type] ?? {});
export const named = (json: TerraformJson, type: string, pattern: RegExp) => {
  const found = blocks(json, type).filter(([name]) => pattern.test(name));
  if (found.length !== 1)
    throw new Error(`expected one ${type} matching ${pattern}, found ${found.length}`);
  return found[0] as [string, TerraformBlock];
};
export const service = (json: TerraformJson, id: 'api' | 'worker') =>
  named(json, 'aws_ecs_service', new RegExp(`^${id}_`))[1];

export interface Container {
  name: string;
  essential: boolean;
  stopTimeout: number;
  dependsOn?: { containerName: string; condition: string }[];
  environment?: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
  portMappings?: { containerPort: number }[];
  healthCheck?: { command: string[]; interval: number; retries: number; startPeriod?: number };
}

export const containersOf = (json: TerraformJson, family: RegExp) => {
  const [, task] = named(json, 'aws_ecs_task_definition', family);
  return decodeJsonencode(task.container_definitions) as Container[];
};
