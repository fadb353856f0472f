// Helpers for the provider profile tests (not a test file): discovery and verification the way a
// resource server does them, from the issuer identifier alone.
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTPayload, ProtectedHeaderParameters } from 'jose';
import { basicAuth } from '../support.js';

/** OpenID Connect Discovery §4: `<issuer without trailing slash>/.well-known/openid-configuration`. */
export function openidConfigurationUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

/** The metadata of `issuer`, fetched from its well-known location. */
export async function discover(issuer: string): Promise<Record<string, unknown>> {
  const response = await fetch(openidConfigurationUrl(issuer));
  if (response.status !== 200) throw new Error(`no metadata for ${issuer}: HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

/** The key set at the metadata's `jwks_uri`. */
export async function fetchKeys(metadata: Record<string, unknown>): Promise<JSONWebKeySet> {
  return (await (await fetch(metadata.jwks_uri as string)).json()) as JSONWebKeySet;
}

/** Verifies `token` against the keys discovered from `issuer`, checking `iss` (and `aud` if given). */
export async function verifyDiscovered(
  issuer: string,
  token: string,
  audience?: string,
): Promise<{ payload: JWTPayload; protectedHeader: ProtectedHeaderParameters }> {
  const keys = await fetchKeys(await discover(issuer));
  return jwtVerify(token, createLocalJWKSet(keys), { issuer, ...(audience === undefined ? {} : { audience }) });
}

/** The header `typ` of a JWT, or `undefined`. */
export function headerTyp(token: string): unknown {
  return decodeProtectedHeader(token).typ;
}

/** Gets a token by the client-credentials grant from the token endpoint the metadata names. */
export async function clientCredentials(
  metadata: Record<string, unknown>,
  client: { clientId: string; clientSecret: string },
  fields: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(metadata.token_endpoint as string, {
    method: 'POST',
    headers: { authorization: basicAuth(client.clientId, client.clientSecret) },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...fields }),
  });
  return (await response.json()) as Record<string, unknown>;
}
