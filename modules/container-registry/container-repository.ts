import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Construct } from 'constructs';
import { validateAtSynth } from '../validation/problems';

export interface ContainerRepositoryProps {
  /** Repository name, e.g. `skyport-dev/api`: lowercase, digits, `-`, `_`, `.` and `/`. */
  readonly name: string;
  /**
   * Images kept; older ones expire. Deploys refer to images by immutable tag (the git SHA), so
   * keep enough to roll back.
   * @default 30
   */
  readonly imagesToKeep?: number;
  /**
   * KMS key that encrypts the images (fixed at creation).
   * @default AES-256 managed by ECR
   */
  readonly kmsKeyArn?: string;
}

/**
 * An ECR repository with immutable tags (a tag always means the same image), a scan of every
 * pushed image, encryption, and a lifecycle that keeps the newest images and drops untagged
 * layers after a day. It refuses deletion while it holds images.
 */
export class ContainerRepository extends Construct {
  readonly repository: EcrRepository;
  readonly arn: string;
  readonly url: string;

  constructor(scope: Construct, id: string, props: ContainerRepositoryProps) {
    super(scope, id);
    const keep = props.imagesToKeep ?? 30;
    validateAtSynth(this, (p) => {
      p.matches(
        'name',
        props.name,
        /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
        'lowercase letters and digits separated by ".", "_", "-" or "/"',
      );
      p.integer('imagesToKeep', keep, 1, 1000);
    });
    this.repository = new EcrRepository(this, 'repository', {
      name: props.name,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [
        props.kmsKeyArn === undefined
          ? { encryptionType: 'AES256' }
          : { encryptionType: 'KMS', kmsKey: props.kmsKeyArn },
      ],
      forceDelete: false,
    });
    this.arn = this.repository.arn;
    this.url = this.repository.repositoryUrl;
    new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: 'Drop untagged images (failed or superseded pushes) after a day',
            selection: {
              tagStatus: 'untagged',
              countType: 'sinceImagePushed',
              countUnit: 'days',
              countNumber: 1,
            },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: `Keep the newest ${keep} images`,
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keep },
            action: { type: 'expire' },
          },
        ],
      }),
    });
  }
}
