import type { TerraformStack } from 'cdktf';

/**
 * The hashicorp/aws versions a synthesized stack accepts. The bindings in @cdktf/provider-aws are
 * generated from 6.25.0; every later 6.x keeps that schema (the provider only breaks it in a major),
 * so any 6.x from 6.25 on plans the same JSON. A range instead of the bindings' exact pin lets the
 * offline mirror (built from source, 6.34.0 today) and a registry install both satisfy it, while the
 * lock file pins what actually ran. See docs/decisions/0009-terraform-toolchain.md.
 */
export const AWS_PROVIDER_CONSTRAINT = '~> 6.25';

/** Replaces the exact version CDKTF writes into required_providers with AWS_PROVIDER_CONSTRAINT. */
export function acceptAwsProviderRange(stack: TerraformStack): void {
  stack.addOverride('terraform.required_providers.aws', {
    source: 'hashicorp/aws',
    version: AWS_PROVIDER_CONSTRAINT,
  });
}
