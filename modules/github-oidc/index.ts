export { GithubOidcProvider, type GithubOidcProviderProps } from './github-oidc-provider';
export {
  GithubActionsRole,
  githubActionsRoleProblems,
  type GithubActionsRoleProps,
} from './github-actions-role';
export {
  AUD_CLAIM_KEY,
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  SUB_CLAIM_KEY,
  subjectClaims,
  triggerContext,
  type GithubRepository,
  type GithubTrigger,
} from './subject-claims';
export { terraformStateStatements, type TerraformStateAccessProps } from './terraform-state-access';
export {
  conditionHolds,
  evaluate,
  renderStatements,
  wildcardMatch,
  type Decision,
  type PolicyRequest,
  type SynthesizedStatement,
} from './policy-evaluation';
