module.exports = {
  ...require('../../jest.base.cjs')(__dirname),
  setupFiles: ['<rootDir>/src/testing/quiet-framework-logs.ts'],
  // Integration tests share one PostgreSQL server; each test file makes its own database.
  testTimeout: 30_000,
};
