/** The issuer host of GitHub Actions' OIDC tokens; IAM names the condition keys after it. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/** The audience `aws-actions/configure-aws-credentials` asks GitHub for (its default). */
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

/** IAM condition keys of the token's `sub` and `aud` claims. */
export const SUB_CLAIM_KEY = `${GITHUB_OIDC_HOST}:sub`;
export const AUD_CLAIM_KEY = `${GITHUB_OIDC_HOST}:aud`;

/**
 * The repository whose workflows may assume a role, as GitHub writes it into the `sub` claim.
 * Either field may be a Terraform expression such as `${var.github_repository}`.
 */
export interface GithubRepository {
  /** `owner/name`, the classic subject prefix (`repo:owner/name:...`). */
  readonly name: string;
  /**
   * `owner@ownerId/name@repositoryId`, the immutable subject prefix GitHub uses for repositories
   * created after 2026-07-15 and for older ones that opted in (`repo:owner@1/name@2:...`). Read it
   * from `gh api repos/OWNER/REPO/actions/oidc/customization/sub` (`sub_claim_prefix`, without
   * `repo:`). An empty string turns the form off: no token carries an empty repository.
   * @default the immutable form is not accepted
   */
  readonly immutableName?: string;
}

/**
 * A workflow context a role admits, in the words of the `sub` claim:
 * - `{ branch: 'main' }`: a job on a push to (or dispatch from) that branch, `ref:refs/heads/main`;
 * - `{ environment: 'prod' }`: a job that names that GitHub environment, `environment:prod`
 *   (the environment's protection rules, reviewers and branch policy, then apply);
 * - `{ pullRequest: true }`: a job triggered by a pull request, `pull_request`.
 */
export type GithubTrigger =
  { readonly branch: string } | { readonly environment: string } | { readonly pullRequest: true };

/** The part of the `sub` claim after the repository for one trigger. */
export function triggerContext(trigger: GithubTrigger): string {
  if ('branch' in trigger) return `ref:refs/heads/${trigger.branch}`;
  if ('environment' in trigger) return `environment:${trigger.environment}`;
  return 'pull_request';
}

/**
 * Every `sub` value a role admits: each trigger in the classic form and, when the repository has
 * an immutable name, in the immutable form too. Exact values, compared with StringEquals: no
 * wildcard ever reaches a trust policy.
 */
export function subjectClaims(
  repository: GithubRepository,
  triggers: readonly GithubTrigger[],
): string[] {
  const prefixes = [repository.name];
  if (repository.immutableName !== undefined) prefixes.push(repository.immutableName);
  return prefixes.flatMap((prefix) =>
    triggers.map((trigger) => `repo:${prefix}:${triggerContext(trigger)}`),
  );
}
