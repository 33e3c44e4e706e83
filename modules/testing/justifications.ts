import { Testing, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { TerraformBlock, TerraformJson } from './synth';

/**
 * Like synthConstructs, but keeps every block's `"//"` comment, where justifyCheck writes its
 * checkov skips (Testing.synth removes them).
 */
export function synthConstructsWithComments(build: (scope: Construct) => void): TerraformJson {
  const stack = new TerraformStack(Testing.app(), 'stack');
  build(stack);
  return JSON.parse(JSON.stringify(stack.toTerraform())) as TerraformJson;
}

/** One justified checkov finding, as a test (or an auditor) reads it. */
export interface Justified {
  /** `<type>.<name>` for a resource, `data.<type>.<name>` for a data source. */
  readonly address: string;
  readonly check: string;
  readonly because: string;
  readonly reason: string;
}

/** Every justification recorded in a synthesized stack, resources first. */
export function justificationsIn(json: TerraformJson): Justified[] {
  const found: Justified[] = [];
  const collect = (prefix: string, byType: Record<string, Record<string, TerraformBlock>> = {}) => {
    for (const [type, blocks] of Object.entries(byType)) {
      for (const [name, block] of Object.entries(blocks)) {
        const comment = block['//'] as
          { checkov?: { skip?: { id: string; because: string; comment: string }[] } } | undefined;
        for (const skip of comment?.checkov?.skip ?? []) {
          found.push({
            address: `${prefix}${type}.${name}`,
            check: skip.id,
            because: skip.because,
            reason: skip.comment,
          });
        }
      }
    }
  };
  collect('', json.resource);
  collect('data.', json.data);
  return found;
}

/** `"<check> <because>"` for every justification on blocks of one type: compact to assert on. */
export function justifiedChecks(json: TerraformJson, type: string): string[] {
  return justificationsIn(json)
    .filter(({ address }) => address.replace(/^data\./, '').startsWith(`${type}.`))
    .map(({ check, because }) => `${check} ${because}`)
    .sort();
}
