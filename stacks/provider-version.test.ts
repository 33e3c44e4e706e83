import { AWS_PROVIDER_CONSTRAINT } from './provider-version';
import { synthesizeApp } from './test-support';

describe('the synthesized Terraform settings every stack shares', () => {
  const { stacks } = synthesizeApp();

  it('accepts any hashicorp/aws 6.x from the bindings version on, not only the exact pin', () => {
    expect(AWS_PROVIDER_CONSTRAINT).toBe('~> 6.25');
    for (const [id, stack] of stacks) {
      const terraform = stack.terraform as { required_providers?: Record<string, unknown> };
      expect([id, terraform.required_providers?.aws]).toEqual([
        id,
        { source: 'hashicorp/aws', version: '~> 6.25' },
      ]);
    }
  });

  it('declares no required_version, which crashes checkov’s Terraform JSON parser', () => {
    for (const stack of stacks.values()) {
      expect(stack.terraform).not.toHaveProperty('required_version');
    }
  });

  it('tells the audit which environment and stage each stack belongs to', () => {
    const stages = Object.fromEntries(
      [...stacks].map(([id, stack]) => [
        id,
        (stack['//'] as { skyport?: { stage?: string } } | undefined)?.skyport?.stage,
      ]),
    );
    expect(stages).toEqual({
      bootstrap: 'production',
      cicd: 'production',
      'dev-network': 'development',
      'dev-data': 'development',
      'dev-app': 'development',
      'dev-edge': 'development',
      'prod-network': 'production',
      'prod-data': 'production',
      'prod-app': 'production',
      'prod-edge': 'production',
    });
  });
});
