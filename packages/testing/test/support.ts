// Shared helpers for the issuer's own tests (not a test file: jest matches *.test.ts only).
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTVerifyResult } from 'jose';
import type { LocalIssuer } from '../src/index.js';

/** The default introspection client of `startLocalIssuer()`. */
export const CLIENT = { clientId: 'resource-server', clientSecret: 'resource-server-secret' };

/** `client_secret_basic` (RFC 6749 §2.3.1): form-encode id and secret, then base64 `id:secret`. */
export function basicAuth(clientId: string, clientSecret: string): string {
  const form = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${form(clientId)}:${form(clientSecret)}`).toString('base64')}`;
}

/** POSTs `token` to the introspection endpoint, as the default client unless told otherwise. */
export function introspect(
  issuer: LocalIssuer,
  token: string,
  authorization: string | null = basicAuth(CLIENT.clientId, CLIENT.clientSecret),
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (authorization !== null) headers.authorization = authorization;
  const body = new URLSearchParams({ token, token_type_hint: 'access_token' });
  return fetch(issuer.introspectionEndpoint, { method: 'POST', headers, body });
}

/** Calls userinfo with `Authorization: Bearer <token>`. */
export function userinfo(issuer: LocalIssuer, token: string): Promise<Response> {
  return fetch(issuer.userinfoEndpoint, { headers: { authorization: `Bearer ${token}` } });
}

/** Fetches the issuer's JWKS over HTTP. */
export async function fetchJwks(issuer: LocalIssuer): Promise<JSONWebKeySet> {
  const response = await fetch(issuer.jwksUri);
  return (await response.json()) as JSONWebKeySet;
}

/** Verifies `token` against the JWKS fetched from the issuer, as a resource server would. */
export async function verifyAgainstJwks(issuer: LocalIssuer, token: string): Promise<JWTVerifyResult> {
  return jwtVerify(token, createLocalJWKSet(await fetchJwks(issuer)), { issuer: issuer.issuer });
}

/** POSTs a token request: `fields` as the form, with the given headers (none by default). */
export function postToken(
  issuer: LocalIssuer,
  fields: Record<string, string | string[]>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return fetch(issuer.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}
