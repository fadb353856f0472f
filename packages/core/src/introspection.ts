import { fetchIssuerJson, isJsonObject, unusableAnswer } from './fetch-json.js';

/** What the introspection endpoint said about a token. */
export type IntrospectionAnswer =
  { readonly kind: 'active'; readonly claims: Readonly<Record<string, unknown>> } | { readonly kind: 'inactive' };

/** The resource server's credentials at the introspection endpoint. */
export interface IntrospectionClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

// RFC 6749 §2.3.1: client_secret_basic form-urlencodes id and secret before base64.
function basicCredentials({ clientId, clientSecret }: IntrospectionClient): string {
  const encode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

/**
 * Introspects a token (RFC 7662 §2): a form POST authenticated as the resource server. Only an answer
 * whose `active` is the boolean `true` is active. A 401/403 means the API's own credentials are
 * wrong, which is a configuration fault, so it is reported as unavailable (503), like 5xx and timeouts.
 */
export async function introspectToken(
  endpoint: string,
  token: string,
  client: IntrospectionClient,
  settings: { timeoutMs: number; realm: string },
): Promise<IntrospectionAnswer> {
  const request = {
    url: endpoint,
    what: 'introspection',
    method: 'POST' as const,
    headers: { authorization: basicCredentials(client), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
    ...settings,
  };
  const { status, json } = await fetchIssuerJson(request);
  if (status === 401 || status === 403) {
    throw unusableAnswer(
      request,
      `HTTP ${status}: the introspection endpoint refused the API's client credentials (check opaqueTokens.clientId / clientSecret)`,
    );
  }
  if (status !== 200) throw unusableAnswer(request, `HTTP ${status}`);
  if (!isJsonObject(json) || !('active' in json))
    throw unusableAnswer(request, 'the answer is not an introspection response');
  return json['active'] === true ? { kind: 'active', claims: json } : { kind: 'inactive' };
}
