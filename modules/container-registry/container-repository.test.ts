import { onlyResource, referenceTo, synthConstructs } from '../testing';
import { ContainerRepository, type ContainerRepositoryProps } from './container-repository';

const synth = (props: Partial<ContainerRepositoryProps> = {}) =>
  synthConstructs((scope) => {
    new ContainerRepository(scope, 'api', { name: 'skyport-dev/api', ...props });
  });

interface LifecycleRule {
  rulePriority: number;
  selection: { tagStatus: string; countType: string; countNumber: number };
  action: { type: string };
}

describe('ContainerRepository', () => {
  const json = synth({ kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k', imagesToKeep: 12 });

  it('makes tags immutable, scans every push and encrypts with the given key', () => {
    expect(onlyResource(json, 'aws_ecr_repository')).toMatchObject({
      name: 'skyport-dev/api',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [
        { encryption_type: 'KMS', kms_key: 'arn:aws:kms:eu-west-1:111122223333:key/k' },
      ],
      force_delete: false,
    });
  });

  it('keeps the newest N images and drops untagged ones after a day', () => {
    const lifecycle = onlyResource(json, 'aws_ecr_lifecycle_policy');
    expect(lifecycle.repository).toBe(referenceTo(json, 'aws_ecr_repository', 'name'));
    const { rules } = JSON.parse(lifecycle.policy as string) as { rules: LifecycleRule[] };
    expect(
      rules.map((r) => [r.selection.tagStatus, r.selection.countType, r.selection.countNumber]),
    ).toEqual([
      ['untagged', 'sinceImagePushed', 1],
      ['any', 'imageCountMoreThan', 12],
    ]);
    expect(rules.every((r) => r.action.type === 'expire')).toBe(true);
  });

  it('falls back to ECR-managed AES-256 without a key', () => {
    expect(onlyResource(synth(), 'aws_ecr_repository').encryption_configuration).toEqual([
      { encryption_type: 'AES256' },
    ]);
  });

  it.each([
    [{ name: 'Skyport/API' }, /\[stack\/api\] name: "Skyport\/API" must be lowercase/],
    [
      { imagesToKeep: 0 },
      '[stack/api] imagesToKeep: 0 is out of range; use a whole number from 1 to 1000',
    ],
  ])('rejects %o with a message naming the construct and the prop', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('reports every problem at once, one line each', () => {
    expect(() => synth({ name: 'Skyport/API', imagesToKeep: 0 })).toThrow(
      '[stack/api] name: "Skyport/API" must be lowercase letters and digits separated by ".", "_", "-" or "/"\n' +
        '[stack/api] imagesToKeep: 0 is out of range; use a whole number from 1 to 1000',
    );
  });
});
