import type { Justification } from './justifications';
import { blocksOf, type Block, type Stack } from './stacks';

/** Attributes that attach a security group to what it protects (ENIs of a service, an instance). */
const ATTACHING_KEYS = new Set(['security_groups', 'vpc_security_group_ids', 'security_group_ids']);

/** Where a block attaches security groups: `<path of the attribute>` → the strings it lists. */
function attachments(block: Block, at = ''): { path: string; value: string }[] {
  const found: { path: string; value: string }[] = [];
  for (const [key, value] of Object.entries(block)) {
    if (key === '//') continue;
    const here = at ? `${at}.${key}` : key;
    if (ATTACHING_KEYS.has(key) && Array.isArray(value)) {
      for (const item of value)
        if (typeof item === 'string') found.push({ path: here, value: item });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (item && typeof item === 'object')
          found.push(...attachments(item as Block, `${here}[${index}]`));
      });
    } else if (value && typeof value === 'object') {
      found.push(...attachments(value as Block, here));
    }
  }
  return found;
}

/**
 * checkov's graph is per stack, so CKV2_AWS_5 ("security group attached to a resource") fails a
 * group created in one stack and attached in another through a CDKTF cross-stack reference
 * (output + terraform_remote_state). For each such group that nothing in its own stack attaches,
 * this finds the attachment in a sibling stack and, if there is one, returns a `tool`
 * justification naming it. A group attached nowhere gets none, and the check keeps failing.
 */
export function crossStackAttachments(stacks: readonly Stack[]): Justification[] {
  const derived: Justification[] = [];
  for (const producer of stacks) {
    const groups = Object.keys(producer.json.resource?.aws_security_group ?? {});
    if (groups.length === 0) continue;
    const ownAttachments = blocksOf(producer.json).flatMap(({ block }) => attachments(block));
    for (const group of groups) {
      const ref = `aws_security_group.${group}.`;
      if (ownAttachments.some(({ value }) => value.includes(ref))) continue;
      const outputs = Object.entries(producer.json.output ?? {})
        .filter(([, output]) => output.value === `\${aws_security_group.${group}.id}`)
        .map(([name]) => name);
      if (outputs.length === 0) continue;
      const remote = `data.terraform_remote_state.cross-stack-reference-input-${producer.name}.outputs.`;
      const usedBy: string[] = [];
      for (const consumer of stacks) {
        if (consumer === producer) continue;
        for (const { kind, type, name, block } of blocksOf(consumer.json)) {
          if (kind !== 'resource') continue;
          for (const { path, value } of attachments(block)) {
            if (outputs.some((output) => value.includes(`${remote}${output}`))) {
              usedBy.push(`${consumer.name}: ${type}.${name} (${path})`);
            }
          }
        }
      }
      if (usedBy.length === 0) continue;
      derived.push({
        stack: producer.name,
        kind: 'resource',
        type: 'aws_security_group',
        name: group,
        check: 'CKV2_AWS_5',
        because: 'tool',
        reason: `Attached in another stack, which checkov's per-stack graph cannot see: ${[...new Set(usedBy)].join('; ')}`,
        source: 'cross-stack',
      });
    }
  }
  return derived;
}
