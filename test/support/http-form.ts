/** A client as it authenticates at the token, introspection and revocation endpoints. */
export interface ClientAuthentication {
  readonly clientId: string;
  /** Absent for a public client, which sends only `client_id` in the body. */
  readonly clientSecret?: string;
}

/** `Authorization: Basic` for client_secret_basic (RFC 6749 §2.3.1: each part form-urlencoded first). */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string): string => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

/** POSTs an application/x-www-form-urlencoded body as `client`. */
export async function postForm(
  url: string,
  fields: Record<string, string>,
  client: ClientAuthentication,
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...extraHeaders };
  const body = new URLSearchParams(fields);
  if (client.clientSecret === undefined) {
    body.set('client_id', client.clientId);
  } else {
    headers.authorization = basicAuthorization(client.clientId, client.clientSecret);
  }
  return fetch(url, { method: 'POST', headers, body, redirect: 'manual' });
}

/** The JSON body of a 2xx response; otherwise an Error naming `what`, the status and the body. */
export async function readJson<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${what} failed: HTTP ${response.status} ${text}`);
  }
  return JSON.parse(text) as T;
}
