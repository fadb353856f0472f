import type { BehaviourCase } from './shared.js';
import { CONFIGURATION_CASES } from './configuration.js';
import { DPOP_CASES } from './dpop.js';
import { EXTRACTION_CASES } from './extraction.js';
import { HARDENING_CASES } from './hardening.js';
import { JWT_CASES } from './jwt.js';
import { SCOPE_CASES } from './scopes.js';
import { STEP_UP_CASES } from './step-up.js';
import { ISSUER_FAULT_CASES } from './issuer-faults.js';
import { OPAQUE_CASES } from './opaque.js';
import { HOSTILE_CASES } from './hostile.js';
import { POLICY_CASES } from './policy.js';
import { REQUEST_STATE_CASES } from './request-state.js';
import { RESOURCE_CASES } from './resource.js';
import { PROVIDER_CASES } from './providers.js';

export { AUDIENCE, RESOURCE_SERVER } from './shared.js';
export { PROVIDERS, PROVIDER_SETTINGS, providerOptions, type Provider } from './providers.js';
export type { BehaviourCase, CaseRequest, ConfigName, Expectation } from './shared.js';

/** Every row of the behaviour table, each run on every adapter. */
export const ALL_CASES: readonly BehaviourCase[] = [
  ...EXTRACTION_CASES,
  ...JWT_CASES,
  ...SCOPE_CASES,
  ...ISSUER_FAULT_CASES,
  ...OPAQUE_CASES,
  ...HOSTILE_CASES,
  ...POLICY_CASES,
  ...REQUEST_STATE_CASES,
  ...HARDENING_CASES,
  ...CONFIGURATION_CASES,
  ...STEP_UP_CASES,
  ...RESOURCE_CASES,
  ...DPOP_CASES,
  ...PROVIDER_CASES,
];
