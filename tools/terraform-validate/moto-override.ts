import type { TerraformJson } from './terraform-json';

/** Credentials moto accepts; they open nothing anywhere else. */
export const MOTO_CREDENTIALS = { access_key: 'testing', secret_key: 'testing' } as const;

/**
 * Settings every AWS client (provider, S3 backend, remote state) needs to talk to moto. The
 * provider finds moto itself through AWS_ENDPOINT_URL (one endpoint for every service, so a
 * resource type added later needs no change here); the S3 backend is given it explicitly.
 */
function clientSettings() {
  return {
    ...MOTO_CREDENTIALS,
    // moto's TLS certificate is one it made up at start (see moto-server.ts).
    insecure: true,
    skip_credentials_validation: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
  };
}

/** The S3 backend (and remote-state) arguments that send state to moto's S3 instead of AWS's. */
function s3StateSettings(endpoint: string) {
  return {
    ...clientSettings(),
    skip_requesting_account_id: true,
    use_path_style: true,
    endpoints: { s3: endpoint, sts: endpoint },
  };
}

/**
 * A Terraform override file (`*_override.tf.json`) that points a synthesized stack at moto without
 * touching the synthesized JSON: Terraform merges it over the stack, block by block.
 *   - every `aws` provider block (by alias) gets moto's test credentials and path-style S3;
 *   - the S3 backend and every `terraform_remote_state` read the state bucket in moto's S3;
 *   - a local backend (the bootstrap stack) keeps its state in the working folder, never in the
 *     repository's real bootstrap.tfstate;
 *   - `prevent_destroy` is lifted so the run can clean up after itself (the protection itself is
 *     asserted by the state-bucket unit tests).
 */
export function motoOverride(stack: TerraformJson, endpoint: string): Record<string, unknown> {
  const override: Record<string, unknown> = {};

  const providers = (stack.provider?.aws ?? []).map((block) => ({
    ...(typeof block.alias === 'string' ? { alias: block.alias } : {}),
    ...clientSettings(),
    s3_use_path_style: true,
  }));
  if (providers.length > 0) override.provider = { aws: providers };

  const backend = stack.terraform?.backend ?? {};
  if (backend.s3) {
    override.terraform = { backend: { s3: { ...backend.s3, ...s3StateSettings(endpoint) } } };
  } else if (backend.local) {
    override.terraform = { backend: { local: { path: 'terraform.tfstate' } } };
  }

  const remoteStates = stack.data?.terraform_remote_state ?? {};
  if (Object.keys(remoteStates).length > 0) {
    override.data = {
      terraform_remote_state: Object.fromEntries(
        Object.entries(remoteStates).map(([name, block]) => [
          name,
          {
            config: { ...(block.config as Record<string, unknown>), ...s3StateSettings(endpoint) },
          },
        ]),
      ),
    };
  }

  const protectedResources: Record<string, Record<string, unknown>> = {};
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [name, block] of Object.entries(byName)) {
      const lifecycle = block.lifecycle as { prevent_destroy?: boolean } | undefined;
      if (lifecycle?.prevent_destroy === true) {
        protectedResources[type] ??= {};
        protectedResources[type][name] = { lifecycle: { prevent_destroy: false } };
      }
    }
  }
  if (Object.keys(protectedResources).length > 0) override.resource = protectedResources;

  return override;
}
