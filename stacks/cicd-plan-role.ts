import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { readSecretStatements } from '@skyport/modules/iam';
import { arns, type EnvironmentScope } from './cicd-environment-scope';

/**
 * The plan role beyond ReadOnlyAccess: the environment's secret values, which refreshing a
 * secret version reads (and which its state holds anyway), a random password for the data
 * source that generates one, and a denial of data ReadOnlyAccess would expose to a pull request.
 */
export function refreshStatements(scope: EnvironmentScope): DataAwsIamPolicyDocumentStatement[] {
  const { env, region } = scope;
  const at = arns(scope);
  return [
    ...readSecretStatements([at.secrets], at.keys, region, {
      sids: {
        read: 'ReadThisEnvironmentsSecretsToRefreshThem',
        decrypt: 'DecryptThemThroughSecretsManagerOnly',
      },
      // `at.keys` is every key of the account here: the alias narrows it to this environment's.
      keyConditions: [
        {
          test: 'ForAnyValue:StringEquals',
          variable: 'kms:ResourceAliases',
          values: [`alias/skyport-${env}`],
        },
      ],
    }),
    {
      // The data source aws_secretsmanager_random_password calls it; it has no resource type.
      sid: 'GeneratePasswordsForThePlan',
      effect: 'Allow',
      actions: ['secretsmanager:GetRandomPassword'],
      resources: ['*'],
    },
    {
      sid: 'ReadNoObjectButTheState',
      effect: 'Deny',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      notResources: [at.stateObjects],
    },
    {
      sid: 'ReadNoParameterOrTableData',
      effect: 'Deny',
      actions: [
        'ssm:GetParameter',
        'ssm:GetParameters',
        'ssm:GetParametersByPath',
        'ssm:GetParameterHistory',
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:Scan',
      ],
      resources: ['*'],
    },
  ];
}
