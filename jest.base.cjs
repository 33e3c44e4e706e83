// Shared Jest settings: TypeScript through SWC (fast, no type-check: `tsc` does that), CommonJS
// output so the ESM-only NestJS 12 packages load through Node's require(esm).
/** @type {(dir: string) => import('jest').Config} */
module.exports = (dir) => ({
  rootDir: dir,
  testEnvironment: 'node',
  // Some tests start real processes (tsx, ESLint, bash) on a 2-core CI machine that runs every
  // workspace at once (a full synth, JSON and HCL, takes over a minute there when the machine is
  // busy): a generous ceiling, not a performance budget (those live in benchmarks).
  testTimeout: 180_000,
  globalSetup: require.resolve('./tools/jest/tmpdir-setup.cjs'),
  globalTeardown: require.resolve('./tools/jest/tmpdir-teardown.cjs'),
  testMatch: ['<rootDir>/**/*.test.ts', '<rootDir>/**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/out/', '/.next/'],
  transform: {
    '^.+\\.(t|j|mj)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true, decorators: true },
          transform: {
            legacyDecorator: true,
            decoratorMetadata: true,
            react: { runtime: 'automatic' },
          },
          target: 'es2023',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|load-esm|uid)/)'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
});
