import { deploymentOrder, type ManifestStack } from './stack-order';

const stack = (name: string, dependencies: string[] = []): ManifestStack => ({
  name,
  dependencies,
  workingDirectory: `stacks/${name}`,
  synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
});

const names = (stacks: readonly ManifestStack[]) => stacks.map((s) => s.name);

describe('deploymentOrder', () => {
  it('puts every stack after the stacks it depends on, whatever the manifest order', () => {
    const manifest = [
      stack('dev-app', ['dev-network', 'dev-data']),
      stack('dev-data', ['dev-network']),
      stack('dev-edge'),
      stack('dev-network'),
    ];
    expect(names(deploymentOrder(manifest))).toEqual([
      'dev-network',
      'dev-data',
      'dev-app',
      'dev-edge',
    ]);
  });

  it('puts the stacks named first before every other stack', () => {
    const manifest = [stack('dev-network'), stack('dev-app', ['dev-network']), stack('bootstrap')];
    expect(names(deploymentOrder(manifest, ['bootstrap']))[0]).toBe('bootstrap');
  });

  it('names the cycle when stacks depend on each other', () => {
    const manifest = [stack('a', ['b']), stack('b', ['a'])];
    expect(() => deploymentOrder(manifest)).toThrow('stack dependency cycle: a -> b -> a');
  });

  it('refuses a dependency the manifest does not contain', () => {
    expect(() => deploymentOrder([stack('dev-app', ['dev-data'])])).toThrow(
      'stack dev-app depends on dev-data, which the manifest lacks',
    );
  });
});
