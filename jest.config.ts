/**
 * @jest-config-loader ts-node
 * @jest-config-loader-options {"transpileOnly": true, "compilerOptions": {"module": "CommonJS", "moduleResolution": "Node10", "verbatimModuleSyntax": false}}
 */
import type { Config } from 'jest';

// Tests run from source in Jest's ESM mode (node --experimental-vm-modules), because jose 6 and
// oidc-provider 9 are ESM-only: they load natively and need no transform.
const config: Config = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/packages', '<rootDir>/examples', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  moduleNameMapper: {
    '^@access-guard/(core|express|fastify|koa|mcp|redis|testing|web)$': '<rootDir>/packages/$1/src/index.ts',
    '^@access-guard/web/hono$': '<rootDir>/packages/web/src/hono/index.ts',
    // Sources import siblings as './x.js' (NodeNext); Jest must find './x.ts'.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  coverageProvider: 'v8',
  // The gate that keeps the framework-free core near 100% (npm test runs Jest with --coverage).
  collectCoverageFrom: ['packages/core/src/**/*.ts', '!packages/core/src/types.ts'],
  coverageReporters: ['text-summary'],
  coverageThreshold: { global: { statements: 99, lines: 99, functions: 100, branches: 95 } },
  testTimeout: 20_000,
};

export default config;
