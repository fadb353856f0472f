import { mintToken } from './mint.js';
import type { MintContext } from './mint.js';
import type { IssuedToken } from './token-endpoint.js';
import type { ClientGrant } from './token-request.js';
import type { MintOptions } from './types.js';

/** Lifetime of a token from the token endpoint when the client sets none, in seconds. */
const DEFAULT_EXPIRES_IN = 300;

/**
 * Issues the access token of a granted client-credentials request: the profile's machine token
 * (`mint()` with `kind: 'm2m'`; for the generic profile `sub` and `client_id` are the client,
 * RFC 9068 §2.2), or an opaque token for a client with `tokenFormat: 'opaque'`; bound to the DPoP
 * key of the request's proof, if any (`cnf.jkt`).
 */
export async function issueClientToken(context: MintContext, grant: ClientGrant): Promise<IssuedToken> {
  const { client, scope, dpopJkt, tenant } = grant;
  const audience = context.profile.tokenAudience === 'ignored' ? undefined : grant.audience;
  const tokenType = dpopJkt === undefined ? 'Bearer' : 'DPoP';
  const expiresIn = client.expiresIn ?? DEFAULT_EXPIRES_IN;
  if (client.tokenFormat === 'opaque') {
    const accessToken = context.tokens.issueOpaque({
      sub: client.clientId,
      clientId: client.clientId,
      expiresIn,
      ...(audience === undefined ? {} : { aud: audience }),
      ...(scope === undefined ? {} : { scope }),
      ...(dpopJkt === undefined ? {} : { dpop: dpopJkt }),
    });
    return { accessToken, tokenType, expiresIn };
  }
  const options: MintOptions = {
    kind: 'm2m',
    clientId: client.clientId,
    expiresIn,
    ...(audience === undefined ? {} : { audience }),
    ...(scope === undefined ? {} : { scopes: scope.split(' ') }),
    ...(dpopJkt === undefined ? {} : { dpop: dpopJkt }),
    ...(tenant === undefined ? {} : { tenant }),
  };
  return { accessToken: await mintToken(context, {}, options), tokenType, expiresIn };
}
