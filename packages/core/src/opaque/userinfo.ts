import { fetchIssuerJson, isJsonObject, unusableAnswer } from '../issuer/fetch-json.js';

/** What the userinfo endpoint said about a token. */
export type UserinfoAnswer =
  { readonly kind: 'profile'; readonly profile: Record<string, unknown> } | { readonly kind: 'rejected' };

/**
 * Asks the OpenID Connect userinfo endpoint (OIDC Core §5.3) with the bearer token. 200 with a JSON
 * object holding a string `sub` is a profile; 401/403 means the issuer rejects the token; anything
 * else (5xx, 429, non-JSON, no `sub`) is no answer and throws {@link IssuerUnavailableError}.
 */
export async function fetchUserinfo(endpoint: string, token: string, timeoutMs: number): Promise<UserinfoAnswer> {
  const request = { url: endpoint, what: 'userinfo', headers: { authorization: `Bearer ${token}` }, timeoutMs };
  const { status, json, retryAfterSeconds } = await fetchIssuerJson(request);
  if (status === 401 || status === 403) return { kind: 'rejected' };
  if (status !== 200) throw unusableAnswer(request, `HTTP ${status}`, retryAfterSeconds);
  if (!isJsonObject(json)) {
    throw unusableAnswer(request, 'the answer is not a JSON object (a signed userinfo JWT is not supported)');
  }
  if (typeof json['sub'] !== 'string' || json['sub'] === '') {
    throw unusableAnswer(request, 'the answer has no string "sub"');
  }
  return { kind: 'profile', profile: json };
}
