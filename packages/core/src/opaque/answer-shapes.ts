import type { IntrospectionAnswer } from './introspection.js';
import type { UserinfoAnswer } from './userinfo.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An introspection answer read back from the shared store, or undefined when it is not one. */
export function asIntrospectionAnswer(value: unknown): IntrospectionAnswer | undefined {
  if (!isObject(value)) return undefined;
  if (value['kind'] === 'inactive') return { kind: 'inactive' };
  if (value['kind'] !== 'active' || !isObject(value['claims']) || value['claims']['active'] !== true) return undefined;
  return { kind: 'active', claims: value['claims'] };
}

/** A userinfo answer read back from the shared store, or undefined when it is not one. */
export function asUserinfoAnswer(value: unknown): UserinfoAnswer | undefined {
  if (!isObject(value)) return undefined;
  if (value['kind'] === 'rejected') return { kind: 'rejected' };
  const profile = value['profile'];
  if (value['kind'] !== 'profile' || !isObject(profile) || typeof profile['sub'] !== 'string') return undefined;
  return { kind: 'profile', profile };
}
