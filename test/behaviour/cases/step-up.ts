import { ROUTES } from '../apps.js';
import { aud, bearer, now, type BehaviourCase } from './shared.js';

// RFC 9470: a route that needs a strong and recent login answers 401 insufficient_user_authentication
// with what would do (acr_values, max_age); the client sends the user to log in again.

const login = (claims: Record<string, unknown>) => async (issuer: Parameters<BehaviourCase['request']>[0]) => ({
  path: ROUTES.stepUp,
  headers: bearer(await issuer.mint({ ...aud, ...claims })),
});

export const STEP_UP_CASES: BehaviourCase[] = [
  {
    name: 'passes a step-up route with a strong and recent login',
    spec: '§9',
    request: login({ acr: 'phrh', auth_time: now() - 60 }),
    expect: { status: 200 },
  },
  {
    name: 'answers 401 insufficient_user_authentication with acr_values to a weak login',
    spec: '§9',
    request: login({ acr: 'pwd', auth_time: now() - 60 }),
    expect: {
      status: 401,
      error: 'insufficient_user_authentication',
      challenge: { acr_values: 'phr phrh', max_age: '300' },
    },
  },
  {
    name: 'answers 401 insufficient_user_authentication with max_age to a login too old',
    spec: '§9',
    request: login({ acr: 'phr', auth_time: now() - 3600 }),
    expect: { status: 401, error: 'insufficient_user_authentication', challenge: { max_age: '300' } },
  },
  {
    name: 'answers 401 insufficient_user_authentication to a token without auth_time',
    spec: '§9',
    request: login({ acr: 'phr' }),
    expect: { status: 401, error: 'insufficient_user_authentication' },
  },
];
