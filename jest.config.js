/** Jest runs TypeScript through ts-jest in a plain Node environment (the core is pure; the bundle is
 * loaded into its own vm context by the emulator, never into Jest's). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000,
};
