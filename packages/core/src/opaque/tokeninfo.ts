import { fetchIssuerJson, isJsonObject, unusableAnswer } from '../issuer/fetch-json.js';
import type { IntrospectionAnswer } from './introspection.js';

// Google's tokeninfo writes every number as a string.
const NUMERIC = ['exp', 'iat', 'expires_in'];

/** The answer's members, with the numeric ones as numbers (a member that is no number is dropped). */
function normalized(json: Record<string, unknown>): Record<string, unknown> {
  const claims: Record<string, unknown> = { ...json };
  for (const name of NUMERIC) {
    const value = claims[name];
    if (typeof value !== 'string') continue;
    const number = /^\d{1,15}$/.test(value) ? Number(value) : undefined;
    if (number === undefined) delete claims[name];
    else claims[name] = number;
  }
  return claims;
}

/**
 * Asks a tokeninfo endpoint (Google's: `https://oauth2.googleapis.com/tokeninfo`) about an opaque
 * access token, by form POST so the token stays out of URLs and their logs. 200 with a JSON object
 * is the token's claims (`aud`, `azp`, `scope`, `exp` as numbers); 400 means the token is not valid
 * (the endpoint has no `active` member); anything else is no answer (503).
 */
export async function fetchTokeninfo(endpoint: string, token: string, timeoutMs: number): Promise<IntrospectionAnswer> {
  const request = {
    url: endpoint,
    what: 'tokeninfo',
    method: 'POST' as const,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ access_token: token }).toString(),
    timeoutMs,
  };
  const { status, json, retryAfterSeconds } = await fetchIssuerJson(request);
  if (status === 400 || status === 401) return { kind: 'inactive' };
  if (status !== 200) throw unusableAnswer(request, `HTTP ${status}`, retryAfterSeconds);
  if (!isJsonObject(json)) throw unusableAnswer(request, 'the answer is not a JSON object');
  const claims = normalized(json);
  // An answer without an expiry cannot be held to the token's life.
  if (typeof claims['exp'] !== 'number') throw unusableAnswer(request, 'the answer has no numeric "exp"');
  return { kind: 'active', claims };
}
