/** Jest runs every suite under properties/ (example-based and fast-check property suites). */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// The property-suite reporter (src/report/jest-reporter.ts) runs from dist/, which `npm test` builds first;
// without a build, jest still runs with the default reporter only.
const PROPERTY_REPORTER = join(__dirname, 'dist', 'src', 'report', 'jest-reporter.js');

module.exports = {
  reporters: existsSync(PROPERTY_REPORTER) ? ['default', '<rootDir>/dist/src/report/jest-reporter.js'] : ['default'],
  testEnvironment: 'node',
  // CLI commands under test write no run reports unless a test passes --report-dir.
  setupFiles: ['<rootDir>/properties/report/setup-env.ts'],
  // The suites must leave the work tree and reports/ as they found them (checked after the last suite).
  globalSetup: '<rootDir>/properties/support/worktree-setup.ts',
  globalTeardown: '<rootDir>/properties/support/worktree-teardown.ts',
  roots: ['<rootDir>/properties'],
  testMatch: ['**/*.test.ts'],
  // Transpile only (type-checking is `npm run typecheck`, run by `npm test` before jest).
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
};
