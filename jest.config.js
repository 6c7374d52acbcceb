/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    // @swc/jest reads .swcrc: legacy decorators and decorator metadata, which type-graphql and TypeORM need.
    '^.+\\.ts$': '@swc/jest',
    // jose 6 ships ES modules only; Node 20 loads it through require(esm), Jest 30 on Node 20 cannot.
    '^.+/node_modules/jose/.+\\.js$': ['@swc/jest', { swcrc: false, jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFiles: ['reflect-metadata'],
  // One migrated template database (or embedded snapshot) per run; each file clones its own.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Test files wait on PostgreSQL and sockets more than on the CPU: more workers than cores pays.
  maxWorkers: 3,
  testTimeout: 60000,
};
