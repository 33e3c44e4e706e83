export interface TagContext {
  readonly environment: string;
  readonly stack: string;
}

/** Tags every resource carries, applied through the provider's default_tags. */
export function defaultTags({ environment, stack }: TagContext): Record<string, string> {
  return {
    project: 'skyport',
    environment,
    stack,
    'managed-by': 'terraform-cdktf',
  };
}
