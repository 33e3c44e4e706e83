import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { validateAtSynth } from '../validation/problems';

export interface GeneratedSecretProps {
  /**
   * Secret name, e.g. `skyport-dev/embedded/postgres`. Give exactly one of `name` and
   * `namePrefix`.
   */
  readonly name?: string;
  /**
   * Name prefix instead of a fixed name, e.g. `skyport-dev-cache-auth-`: Terraform appends a
   * unique suffix. Use it when the secret may be replaced while a deleted one still holds its
   * name for the recovery window. Letters, digits and `/_+=.@-`. Give exactly one of `name` and
   * `namePrefix`.
   */
  readonly namePrefix?: string;
  readonly description: string;
  /** KMS key that encrypts the secret. */
  readonly kmsKeyArn: string;
  /**
   * Fixed fields stored next to the generated `password`, e.g. `{ username: 'skyport' }`.
   * @default none
   */
  readonly fields?: Record<string, string>;
  /**
   * Length of the generated password (letters and digits only, so it is safe in URLs and
   * connection strings).
   * @default 32
   */
  readonly passwordLength?: number;
  /**
   * Days a deleted secret can still be restored (0 deletes at once, else 7 to 30).
   * @default 7
   */
  readonly recoveryWindowDays?: number;
  /**
   * Tags of the secret, on top of the provider's default tags.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * A Secrets Manager secret holding a JSON object with a generated `password` (and any fixed
 * fields). The password comes from Secrets Manager's GetRandomPassword at the first apply and
 * only lives in AWS and in the Terraform state, never in the synthesized JSON. The data source
 * returns a new value on every plan, so the secret version ignores later changes: the first
 * password stays until someone rotates the secret on purpose. Consumers read the value back with
 * `field('password')`, so a rotated secret flows to them on the next apply.
 */
export class GeneratedSecret extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly version: SecretsmanagerSecretVersion;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    if ((props.name === undefined) === (props.namePrefix === undefined)) {
      throw new Error('GeneratedSecret: give exactly one of name and namePrefix');
    }
    if (
      props.namePrefix !== undefined &&
      !Token.isUnresolved(props.namePrefix) &&
      !/^[A-Za-z0-9/_+=.@-]+$/.test(props.namePrefix)
    ) {
      throw new Error(
        `GeneratedSecret: namePrefix "${props.namePrefix}" must be letters, digits or /_+=.@- and not empty`,
      );
    }
    const length = props.passwordLength ?? 32;
    const recovery = props.recoveryWindowDays ?? 7;
    validateAtSynth(this, (p) => {
      p.integer('passwordLength', length, 16, 128);
      p.recoveryWindowDays('recoveryWindowDays', recovery);
    });
    if (props.fields && 'password' in props.fields) {
      throw new Error('GeneratedSecret: fields must not contain "password"; it is generated');
    }
    const password = new DataAwsSecretsmanagerRandomPassword(this, 'password', {
      passwordLength: length,
      excludePunctuation: true,
      includeSpace: false,
      requireEachIncludedType: true,
    });
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: props.name,
      namePrefix: props.namePrefix,
      description: props.description,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: recovery,
      tags: props.tags,
    });
    this.arn = this.secret.arn;
    this.version = new SecretsmanagerSecretVersion(this, 'version', {
      secretId: this.secret.id,
      secretString: Fn.jsonencode({ ...(props.fields ?? {}), password: password.randomPassword }),
      lifecycle: { ignoreChanges: ['secret_string'] },
    });
  }

  /** A Terraform expression for one field of the stored JSON, e.g. `field('password')`. */
  field(name: string): string {
    return Token.asString(Fn.lookup(Fn.jsondecode(this.version.secretString), name));
  }

  /** The `valueFrom` an ECS task uses to inject one field: `<secret arn>:<field>::`. */
  valueFrom(name: string): string {
    return `${this.arn}:${name}::`;
  }
}
