import { withToken, type BehaviourCase } from './shared.js';

export const ISSUER_FAULT_CASES: BehaviourCase[] = (
  [
    ['refuses connections', 'refuse'],
    ['answers 500', { status: 500 }],
    ['answers 429', { status: 429 }],
    ['answers HTML', 'html'],
    ['answers {}', 'empty-object'],
    ['answers 10 MB', 'huge'],
    ['hangs past the timeout', 'hang'],
  ] as const
).flatMap(([label, fault]) =>
  (['discovery', 'jwks'] as const).map((endpoint): BehaviourCase => ({
    name: `answers 503 with Retry-After when ${endpoint} ${label}`,
    spec: '§2',
    config: 'short-timeout',
    freshApp: true,
    fault: { endpoint, fault },
    request: withToken(),
    expect: { status: 503 },
  })),
);
