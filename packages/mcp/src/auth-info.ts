import { GuardOrderError, type AuthResult } from '@access-guard/core';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

/**
 * What access-guard gives the MCP SDK for a verified token: the SDK's `AuthInfo` (`token`,
 * `clientId`, `scopes`, `expiresAt`, `resource`, `extra`) that is also the access-guard result
 * (`payload`, `header`, `issuer`, `scheme`, `confirmation`), so access-guard's route guards keep
 * working on it. The result itself is also in `extra.accessGuard`, where it survives a copy of the
 * SDK's fields: {@link authResultOf} reads it there.
 */
export type McpAuthInfo = AuthInfo &
  AuthResult & {
    readonly scopes: string[];
    readonly extra: { readonly accessGuard: AuthResult } & Record<string, unknown>;
  };

/** The client a token was issued to: `client_id` (RFC 9068 §2.2), else `azp`; empty when it names none. */
function clientIdOf(auth: AuthResult): string {
  const { client_id: clientId, azp } = auth.payload;
  if (typeof clientId === 'string') return clientId;
  return typeof azp === 'string' ? azp : '';
}

/**
 * The SDK's `AuthInfo` for an access-guard result. `resource` is the resource the token was checked
 * for (its audience was verified against it); `expiresAt` is `exp` in seconds, absent for an opaque
 * token resolved by userinfo (the SDK's `requireBearerAuth` refuses such a token). `clientId` is
 * `client_id` (RFC 9068 §2.2), else `azp`, else empty.
 *
 * @example
 * ```ts
 * // In a verifier of your own, from access-guard's authenticator:
 * const info = toAuthInfo(await authenticator.verifyToken(token), new URL('https://mcp.example.com/mcp'));
 * ```
 */
export function toAuthInfo(auth: AuthResult, resource: string | URL | undefined): McpAuthInfo {
  const exp = auth.payload.exp;
  return Object.freeze({
    ...auth,
    clientId: clientIdOf(auth),
    // The SDK types scopes as a mutable array: a copy, so nothing can change the result's.
    scopes: [...auth.scopes],
    ...(typeof exp === 'number' && Number.isFinite(exp) ? { expiresAt: exp } : {}),
    // A URL of its own: a URL is mutable, and no request may change another's.
    ...(resource === undefined ? {} : { resource: new URL(resource) }),
    extra: Object.freeze({ accessGuard: auth }),
  }) as McpAuthInfo;
}

function isAuthResult(value: unknown): value is AuthResult {
  if (typeof value !== 'object' || value === null) return false;
  const { format, token, payload } = value as Partial<AuthResult>;
  return (format === 'jwt' || format === 'opaque') && typeof token === 'string' && typeof payload === 'object';
}

/**
 * The access-guard result behind the SDK's `AuthInfo`: give it the `authInfo` a tool receives
 * (`extra.authInfo`), or the tool's `extra` itself. Throws `GuardOrderError` (500) when the request
 * was not authenticated by access-guard (`protectMcpEndpoint`, or `createTokenVerifier` behind the
 * SDK's `requireBearerAuth`).
 *
 * @example
 * ```ts
 * server.registerTool('whoami', { description: 'Who am I?' }, (extra) => {
 *   const auth = authResultOf(extra); // the verified claims, issuer, scheme (Bearer or DPoP)
 *   return { content: [{ type: 'text', text: String(auth.payload.sub) }] };
 * });
 * ```
 */
export function authResultOf(source: AuthInfo | { readonly authInfo?: AuthInfo | undefined } | undefined): AuthResult {
  const info = source !== undefined && 'authInfo' in source ? source.authInfo : (source as AuthInfo | undefined);
  const result = info?.extra?.['accessGuard'];
  if (!isAuthResult(result)) throw new GuardOrderError('authResultOf');
  return result;
}
