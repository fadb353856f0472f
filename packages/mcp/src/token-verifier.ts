import { createAuthenticator, type AuthOptions, type ResourceMetadata } from '@access-guard/core';
import type { OAuthTokenVerifier } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import { toAuthInfo, type McpAuthInfo } from './auth-info.js';
import { toSdkError } from './sdk-errors.js';

/** What {@link createTokenVerifier} returns: the SDK's `OAuthTokenVerifier`, plus two helpers. */
export interface McpTokenVerifier extends OAuthTokenVerifier {
  /** Verifies a bearer token: the SDK's `AuthInfo`, or throws the SDK's `InvalidTokenError` (401) and kin. */
  verifyAccessToken(token: string): Promise<McpAuthInfo>;
  /** Fetches the issuers' metadata and keys now; rejects with a message that names the fault and the fix. */
  ready(): Promise<void>;
  /**
   * The RFC 9728 document, when `resourceMetadata` asks for one: serve it with
   * `protectedResourceMetadata(verifier)` of `@access-guard/express`, and pass its `url` to the
   * SDK's `requireBearerAuth` as `resourceMetadataUrl`.
   */
  readonly resourceMetadata: ResourceMetadata | undefined;
}

/** The resource tokens are checked for: `resource`, else a single audience that is an http(s) URL. */
function resourceOf(options: AuthOptions): string | undefined {
  const named = options.resource ?? (typeof options.audience === 'string' ? options.audience : undefined);
  if (named === undefined || !URL.canParse(named)) return undefined;
  const { protocol } = new URL(named);
  return protocol === 'https:' || protocol === 'http:' ? named : undefined;
}

/**
 * A token verifier for the MCP SDK's `requireBearerAuth({ verifier })`, built on access-guard's
 * authenticator: the same options, checks, caches and issuer handling as `requireAuth`. It answers
 * the SDK's `AuthInfo` (also the access-guard result: see {@link authResultOf}) and throws the SDK's
 * own error classes, so the SDK answers 401 `invalid_token` and 403 `insufficient_scope` itself.
 *
 * The SDK's middleware hands the verifier only the token, so sender-constrained tokens (DPoP, mTLS),
 * which need the request, are refused here; `protectMcpEndpoint` accepts them. An issuer that cannot
 * be reached answers 500 through the SDK (it has no 503); `protectMcpEndpoint` answers 503.
 *
 * @example
 * ```ts
 * import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
 * const resource = 'https://mcp.example.com/mcp';
 * const verifier = createTokenVerifier({ issuer: 'https://login.example.com/', resource });
 * app.post('/mcp', requireBearerAuth({ verifier, expectedResource: new URL(resource) }), handleMcp);
 * ```
 */
export function createTokenVerifier(options: AuthOptions): McpTokenVerifier {
  const authenticator = createAuthenticator(options);
  const resource = resourceOf(options);
  return {
    async verifyAccessToken(token) {
      try {
        return toAuthInfo(await authenticator.verifyToken(token), resource);
      } catch (error) {
        throw toSdkError(authenticator.answer(error));
      }
    },
    ready: () => authenticator.ready(),
    resourceMetadata: authenticator.resourceMetadata,
  };
}
