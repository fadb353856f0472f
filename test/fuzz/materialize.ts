import type { WireRequest } from './http-target.js';
import { applyMutations } from './mutations.js';
import type {
  AuthHeaderSpec,
  AuthValueSpec,
  CredentialSpec,
  MixedRequestSpec,
  TokenPools,
} from './request-arbitraries.js';

// Turns the symbolic requests of request-arbitraries.ts into what goes on the wire.

/** The token a credential stands for. */
export function materializeCredential(spec: CredentialSpec, pools: TokenPools): string {
  if ('literal' in spec) return spec.literal;
  if ('char' in spec) return spec.char.repeat(spec.times);
  const pool = pools[spec.pool];
  return applyMutations(pool[spec.index % pool.length] as string, spec.mutations);
}

/** The Authorization value, and the token inside it (what must never be echoed). */
export function materializeAuthValue(spec: AuthValueSpec, pools: TokenPools): { value: string; token: string } {
  if ('text' in spec) return { value: spec.text, token: spec.text.trim().replace(/^\S+ +/, '') };
  const token = materializeCredential(spec.credential, pools);
  return { value: `${spec.prefix}${spec.scheme}${spec.separator}${token}${spec.suffix}`, token };
}

const URL_SAFE = /^[A-Za-z0-9\-._~+/=]*$/;

/** A request with its secrets: every token it carries. */
export interface MaterializedRequest {
  readonly wire: WireRequest;
  readonly tokens: readonly string[];
}

/** Builds the wire request for headers (and, for mixed requests, query and form tokens) on `path`. */
export function materializeRequest(
  spec: Partial<MixedRequestSpec> & { authorization: readonly AuthHeaderSpec[] },
  pools: TokenPools,
  path = '/protected',
): MaterializedRequest {
  const tokens: string[] = [];
  const headers = spec.authorization.map(({ name, value }): [string, string] => {
    const built = materializeAuthValue(value, pools);
    tokens.push(built.token);
    return [name, built.value];
  });
  const query = (spec.query ?? []).map((part) => {
    if ('junk' in part) return part.junk;
    const token = materializeCredential(part.credential, pools);
    tokens.push(token);
    const raw = part.encoding === 'raw' && URL_SAFE.test(token);
    return `${part.name}=${raw ? token : encodeURIComponent(token)}`;
  });
  const method = spec.method ?? 'GET';
  const wire: WireRequest = { method, path: query.length === 0 ? path : `${path}?${query.join('&')}`, headers };
  if (method !== 'GET' || spec.formOnGet === true) {
    wire.form = (spec.form ?? [])
      .map(([name, credential]) => {
        const token = materializeCredential(credential, pools);
        tokens.push(token);
        return `${name}=${encodeURIComponent(token)}`;
      })
      .join('&');
    if (spec.contentType !== undefined) wire.contentType = spec.contentType;
  }
  return { wire, tokens };
}
