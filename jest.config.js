/** Jest runs every suite under properties/ (example-based and fast-check property suites). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/properties'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  testTimeout: 120000,
};
