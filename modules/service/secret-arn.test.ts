import { Fn, Token } from 'cdktf';
import type { Construct } from 'constructs';
import { synthConstructs } from '../testing';
import { secretArnOf, secretFieldValueFrom } from './secret-arn';
import { TaskDefinition } from './task-definition';
import {
  ACCOUNT,
  api,
  API_KEY_SECRET,
  baseProps,
  DB_SECRET,
  policyOf,
  synth,
  withAction,
} from './task-definition-fixture';

describe('TaskDefinition', () => {
  describe('secret ARNs behind Terraform expressions', () => {
    const tokenSecret = (scope: Construct) =>
      Token.asString(Fn.lookup({ arn: DB_SECRET }, 'arn', scope.node.id));

    it('grants the secret behind a whole-token or token:<json-key>:: valueFrom', () => {
      const out = synthConstructs((scope) => {
        const arn = tokenSecret(scope);
        new TaskDefinition(scope, 'api', {
          ...baseProps,
          containers: [{ ...api, secrets: { DB_PASSWORD: `${arn}:password::`, DB_URL: arn } }],
        });
      });
      const [grant] = withAction(policyOf(out, 'execution-role'), 'secretsmanager:GetSecretValue');
      expect(grant?.resources).toEqual([expect.stringMatching(/^\$\{lookup\(/)]);
    });

    it('asks for secretArns when a valueFrom cannot be split, and then grants exactly that list', () => {
      const build = (secretArns?: string[]) =>
        synthConstructs((scope) => {
          const mixed = `${tokenSecret(scope)}-${tokenSecret(scope)}`;
          new TaskDefinition(scope, 'api', {
            ...baseProps,
            containers: [{ ...api, secrets: { DB_PASSWORD: mixed } }],
            secretArns,
          });
        });
      expect(() => build()).toThrow(
        'TaskDefinition: cannot tell which secret api.DB_PASSWORD reads from its Terraform expression; list the secret ARNs in secretArns',
      );
      const [grant] = withAction(
        policyOf(build([DB_SECRET]), 'execution-role'),
        'secretsmanager:GetSecretValue',
      );
      expect(grant?.resources).toEqual([DB_SECRET]);
    });

    it('refuses a secretArns list that misses a secret a container reads', () => {
      expect(() => synth({ secretArns: [DB_SECRET] })).toThrow(
        `TaskDefinition: secretArns misses ${API_KEY_SECRET}, which container "api" reads as API_KEY`,
      );
    });
  });
});

describe('secretArnOf', () => {
  it.each([
    ['a plain secret ARN', DB_SECRET],
    ['a JSON key', `${DB_SECRET}:password::`],
    ['a JSON key and a version stage', `${DB_SECRET}:password:AWSPREVIOUS:`],
    ['a version stage only', `${DB_SECRET}::AWSCURRENT:`],
  ])('reads the secret ARN out of a valueFrom with %s', (_, valueFrom) => {
    expect(secretArnOf(valueFrom)).toBe(DB_SECRET);
  });

  it.each([
    ['a secret name', 'skyport/dev/db'],
    ['a Parameter Store ARN', `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/db`],
    ['a JSON key without stage and id fields', `${DB_SECRET}:password`],
  ])('rejects %s', (_, valueFrom) => {
    expect(() => secretArnOf(valueFrom)).toThrow(/is not a Secrets Manager secret ARN/);
  });
});

describe('secretFieldValueFrom', () => {
  it("injects one field of the secret's current version, in the form the grant reads the ARN back from", () => {
    const valueFrom = secretFieldValueFrom(DB_SECRET, 'password');
    expect(valueFrom).toBe(`${DB_SECRET}:password::`);
    expect(secretArnOf(valueFrom)).toBe(DB_SECRET);
  });
});
