import { crossStackAttachments } from './cross-stack';
import type { Stack, StackJson } from './stacks';

const network = (extra: StackJson['resource'] = {}): Stack => ({
  name: 'dev-network',
  dir: '/x',
  json: {
    resource: { aws_security_group: { 'app-security-group': {}, unused: {} }, ...extra },
    output: {
      'cross-stack-output-app-sg-id': { value: '${aws_security_group.app-security-group.id}' },
      'cross-stack-output-unused-id': { value: '${aws_security_group.unused.id}' },
    },
  },
});

const remote = (output: string) =>
  `\${data.terraform_remote_state.cross-stack-reference-input-dev-network.outputs.${output}}`;

const app: Stack = {
  name: 'dev-app',
  dir: '/y',
  json: {
    resource: {
      aws_ecs_service: {
        api_service: {
          network_configuration: { security_groups: [remote('cross-stack-output-app-sg-id')] },
        },
      },
      // A rule names the group but does not attach it.
      aws_vpc_security_group_ingress_rule: {
        rule: { security_group_id: remote('cross-stack-output-unused-id') },
      },
    },
  },
};

describe('crossStackAttachments', () => {
  it('justifies CKV2_AWS_5 on a group attached only in another stack, naming the attachment', () => {
    expect(crossStackAttachments([network(), app])).toEqual([
      {
        stack: 'dev-network',
        kind: 'resource',
        type: 'aws_security_group',
        name: 'app-security-group',
        check: 'CKV2_AWS_5',
        because: 'tool',
        reason: expect.stringContaining(
          'dev-app: aws_ecs_service.api_service (network_configuration.security_groups)',
        ),
        source: 'cross-stack',
      },
    ]);
  });

  it('justifies nothing for a group no stack attaches (a rule naming it is not an attachment)', () => {
    expect(crossStackAttachments([network(), app]).map((j) => j.name)).not.toContain('unused');
  });

  it('justifies nothing when the group is attached in its own stack (checkov sees that)', () => {
    const attachedHere = network({
      aws_vpc_endpoint: {
        endpoint: { security_group_ids: ['${aws_security_group.app-security-group.id}'] },
      },
    });
    expect(crossStackAttachments([attachedHere, app])).toEqual([]);
  });
});
