import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Construct } from 'constructs';
import {
  AUD_CLAIM_KEY,
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  SUB_CLAIM_KEY,
  subjectClaims,
  type GithubRepository,
  type GithubTrigger,
} from './subject-claims';

export interface GithubOidcProviderProps {
  /**
   * Certificate thumbprints of the issuer. AWS no longer checks them for GitHub's issuer (it
   * trusts the certificate through its own CA library), and hashicorp/aws 6.x makes the argument
   * optional, so none are written: nothing to update when GitHub rotates its certificate.
   * @default none
   */
  readonly thumbprints?: string[];
}

/**
 * The account's IAM OIDC identity provider for GitHub Actions (`token.actions.githubusercontent.com`,
 * audience `sts.amazonaws.com`). One per account: roles trust it through `trustStatement()`, which
 * pins the repository and the workflow contexts.
 */
export class GithubOidcProvider extends Construct {
  readonly provider: IamOpenidConnectProvider;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: GithubOidcProviderProps = {}) {
    super(scope, id);
    this.provider = new IamOpenidConnectProvider(this, 'provider', {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
      thumbprintList: props.thumbprints,
    });
    this.arn = this.provider.arn;
  }

  /**
   * The trust statement of a role that workflows of `repository` may assume in the given
   * contexts only: `sts:AssumeRoleWithWebIdentity` through this provider, with the audience and
   * the exact `sub` values (StringEquals, no wildcard) as conditions.
   */
  trustStatement(
    repository: GithubRepository,
    triggers: readonly GithubTrigger[],
  ): DataAwsIamPolicyDocumentStatement {
    return {
      sid: 'AssumeFromTheRepositorysWorkflowsOnly',
      effect: 'Allow',
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: [this.arn] }],
      condition: [
        { test: 'StringEquals', variable: AUD_CLAIM_KEY, values: [GITHUB_OIDC_AUDIENCE] },
        {
          test: 'StringEquals',
          variable: SUB_CLAIM_KEY,
          values: subjectClaims(repository, triggers),
        },
      ],
    };
  }
}
