import { ConfigurationError } from '../errors.js';
import { fetchIssuerJson, isJsonObject, unusableAnswer } from '../issuer/fetch-json.js';
import { namesAudience } from '../jwt/verify.js';
import type { Refusal } from '../errors.js';

/** What the introspection endpoint said about a token. */
export type IntrospectionAnswer =
  { readonly kind: 'active'; readonly claims: Record<string, unknown> } | { readonly kind: 'inactive' };

/** The resource server's credentials at the introspection endpoint. */
export interface IntrospectionCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** A function that introspects one token (RFC 7662 §2) as the resource server. */
export type Introspect = (endpoint: string, token: string) => Promise<IntrospectionAnswer>;

// RFC 6749 §2.3.1: client_secret_basic form-urlencodes id and secret before base64.
function basicCredentials({ clientId, clientSecret }: IntrospectionCredentials): string {
  const encode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

/**
 * Builds the introspection call (RFC 7662 §2): a form POST authenticated as the resource server.
 * The secret is kept only inside the returned function. Only an answer whose `active` is the boolean
 * `true` is active. A 401/403 means the API's own credentials are wrong: a configuration fault (500),
 * not the client's; 5xx and timeouts are an outage (503). Either way the client keeps its token.
 */
export function introspectionClient(credentials: IntrospectionCredentials, timeoutMs: number): Introspect {
  const authorization = basicCredentials(credentials);
  return async function introspect(endpoint, token) {
    const request = {
      url: endpoint,
      what: 'introspection',
      method: 'POST' as const,
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
      timeoutMs,
    };
    const { status, json, retryAfterSeconds } = await fetchIssuerJson(request);
    if (status === 401 || status === 403) {
      throw new ConfigurationError("The issuer's introspection endpoint refused the API's credentials", {
        cause: new Error(`introspection ${endpoint}: HTTP ${status}`),
        detail: {
          actual: `HTTP ${status}`,
          fix: 'Check opaqueTokens.clientId and clientSecret: the API must be registered at the issuer as a client allowed to introspect.',
        },
      });
    }
    if (status !== 200) throw unusableAnswer(request, `HTTP ${status}`, retryAfterSeconds);
    if (!isJsonObject(json) || !('active' in json)) {
      throw unusableAnswer(request, 'the answer is not an introspection response');
    }
    return json['active'] === true ? { kind: 'active', claims: json } : { kind: 'inactive' };
  };
}

/** What an introspection answer must show to admit a token to this API. */
export interface IntrospectionPolicy {
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly resource: string | undefined;
  readonly requireAudience: boolean;
}

/**
 * Why an active introspection answer does not admit the token to this API (token type, `iss`,
 * `aud`), or undefined when it does. None of it changes while the answer is cached; `exp`, `nbf` and
 * `iat` are checked on every request like a JWT's.
 */
export function introspectionRefusal(
  claims: Record<string, unknown>,
  policy: IntrospectionPolicy,
): Refusal | undefined {
  // RFC 7662 §2.2 token_type: only an access token may be used as a bearer credential.
  const tokenType = claims['token_type'];
  if (typeof tokenType === 'string' && /refresh/i.test(tokenType)) {
    return { refusal: 'The token is not an access token', reason: 'not_an_access_token' };
  }
  if (claims['iss'] !== undefined && claims['iss'] !== policy.issuer) {
    return { refusal: 'The access token was issued by another issuer', reason: 'wrong_issuer' };
  }
  if (claims['aud'] === undefined) {
    return policy.requireAudience
      ? { refusal: 'The introspection answer does not name this API (no aud claim)', reason: 'wrong_audience' }
      : undefined;
  }
  return namesAudience(claims['aud'], policy.audiences, policy.resource)
    ? undefined
    : { refusal: 'The access token is for another audience', reason: 'wrong_audience' };
}
