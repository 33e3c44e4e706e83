import { readSecretStatements } from './read-secrets';

const SECRETS = [
  'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf',
  'arn:aws:secretsmanager:eu-west-1:111122223333:secret:token-GhIjKl',
];
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd';
const viaSecretsManager = {
  test: 'StringEquals',
  variable: 'kms:ViaService',
  values: ['secretsmanager.eu-west-1.amazonaws.com'],
};

describe('readSecretStatements', () => {
  it('reads exactly the given secrets, and decrypts with their key only through Secrets Manager in their region', () => {
    expect(readSecretStatements(SECRETS, KEY, 'eu-west-1')).toEqual([
      {
        sid: 'ReadTheReferencedSecrets',
        effect: 'Allow',
        actions: ['secretsmanager:GetSecretValue'],
        resources: SECRETS,
      },
      {
        sid: 'DecryptSecretsThroughSecretsManager',
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: [KEY],
        condition: [viaSecretsManager],
      },
    ]);
  });

  it('names the pair as the caller says why it reads them', () => {
    const sids = readSecretStatements(SECRETS, KEY, 'eu-west-1', {
      sids: { read: 'ReadTheRotatedDatabaseCredentials', decrypt: 'DecryptThemOnly' },
    }).map((statement) => statement.sid);
    expect(sids).toEqual(['ReadTheRotatedDatabaseCredentials', 'DecryptThemOnly']);
  });

  it('checks further key conditions before kms:ViaService', () => {
    const alias = {
      test: 'ForAnyValue:StringEquals',
      variable: 'kms:ResourceAliases',
      values: ['alias/skyport-dev'],
    };
    const [, decrypt] = readSecretStatements(SECRETS, KEY, 'eu-west-1', {
      keyConditions: [alias],
    });
    expect(decrypt?.condition).toEqual([alias, viaSecretsManager]);
  });

  it('grants no read without secrets and no decrypt without a key', () => {
    expect(readSecretStatements([], KEY, 'eu-west-1').map((s) => s.actions)).toEqual([
      ['kms:Decrypt'],
    ]);
    expect(readSecretStatements(SECRETS, undefined, 'eu-west-1').map((s) => s.actions)).toEqual([
      ['secretsmanager:GetSecretValue'],
    ]);
  });
});
