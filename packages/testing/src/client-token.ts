import { mintToken } from './mint.js';
import type { MintContext } from './mint.js';
import type { IssuedToken } from './token-endpoint.js';
import type { ClientGrant } from './token-request.js';
import type { TokenStore } from './token-store.js';

/** Lifetime of a token from the token endpoint when the client sets none, in seconds. */
const DEFAULT_EXPIRES_IN = 300;

/** What issuing a client-credentials token needs from the running issuer. */
export interface ClientTokenContext extends MintContext {
  readonly tokens: TokenStore;
}

/**
 * Issues the access token of a granted client-credentials request: a JWT shaped like `mint()`'s,
 * whose `sub` and `client_id` are the client (RFC 9068 §2.2), or an opaque token for a client
 * with `tokenFormat: 'opaque'`; bound to the DPoP key of the request's proof, if any (`cnf.jkt`).
 */
export async function issueClientToken(context: ClientTokenContext, grant: ClientGrant): Promise<IssuedToken> {
  const { client, scope, audience, dpopJkt } = grant;
  const tokenType = dpopJkt === undefined ? 'Bearer' : 'DPoP';
  const expiresIn = client.expiresIn ?? DEFAULT_EXPIRES_IN;
  if (client.tokenFormat === 'opaque') {
    const accessToken = context.tokens.issueOpaque({
      sub: client.clientId,
      clientId: client.clientId,
      aud: audience,
      expiresIn,
      ...(scope === undefined ? {} : { scope }),
      ...(dpopJkt === undefined ? {} : { dpop: dpopJkt }),
    });
    return { accessToken, tokenType, expiresIn };
  }
  const claims: Record<string, unknown> = { sub: client.clientId, aud: audience, client_id: client.clientId, scope };
  const accessToken = await mintToken(context, claims, {
    expiresIn,
    ...(dpopJkt === undefined ? {} : { dpop: dpopJkt }),
  });
  return { accessToken, tokenType, expiresIn };
}
