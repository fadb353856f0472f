import { ROUTES } from '../apps.js';
import { withToken, type BehaviourCase } from './shared.js';

export const SCOPE_CASES: BehaviourCase[] = [
  {
    name: 'passes requireScope when all required scopes are granted',
    spec: '§5',
    request: withToken({ scope: 'transfer:funds read:accounts' }, ROUTES.scopedAll),
    expect: { status: 200 },
  },
  {
    name: 'answers 403 insufficient_scope naming every required scope',
    spec: '§2 §5',
    request: withToken({ scope: 'read:accounts' }, ROUTES.scopedAll),
    expect: { status: 403, error: 'insufficient_scope', scope: 'read:accounts transfer:funds' },
  },
  {
    name: 'compares scopes case-sensitively',
    spec: '§5',
    request: withToken({ scope: 'READ:ACCOUNTS TRANSFER:FUNDS' }, ROUTES.scopedAll),
    expect: { status: 403, error: 'insufficient_scope' },
  },
  {
    name: 'reads scopes from an scp array',
    spec: '§5',
    request: withToken({ scp: ['read:accounts', 'transfer:funds'] }, ROUTES.scopedAll),
    expect: { status: 200, scopes: ['read:accounts', 'transfer:funds'] },
  },
  {
    name: 'passes an any-of guard with one of the scopes',
    spec: '§5',
    request: withToken({ scope: 'admin' }, ROUTES.scopedAny),
    expect: { status: 200 },
  },
  {
    name: 'answers 403 on an any-of guard with none of the scopes',
    spec: '§5',
    request: withToken({ scope: 'write:todos' }, ROUTES.scopedAny),
    expect: { status: 403, error: 'insufficient_scope', scope: 'read:accounts admin' },
  },
  {
    name: 'passes a claim check',
    spec: '§5',
    request: withToken({ email_verified: true }, ROUTES.claims),
    expect: { status: 200 },
  },
  {
    name: 'answers a failed claim check with the same 403 shape',
    spec: '§5',
    request: withToken({ email_verified: 'true' }, ROUTES.claims),
    expect: { status: 403, error: 'insufficient_scope' },
  },
];
