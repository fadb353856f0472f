import type { TokenArgs } from './cli-args.js';
import type { CliIo } from './cli-io.js';

/** How long each request to the issuer may take. */
const TIMEOUT_MS = 10_000;

/** RFC 6749 Appendix B form-encoding, as `client_secret_basic` needs it (§2.3.1). */
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

/** The two metadata locations: OIDC Discovery §4 appends, RFC 8414 §3.1 inserts. */
function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname;
  return [
    `${url.origin}${path.replace(/\/$/, '')}/.well-known/openid-configuration`,
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
  ];
}

/** The issuer's `token_endpoint` from its metadata, else `<issuer>/token`. */
async function findTokenEndpoint(issuer: string): Promise<string> {
  for (const url of metadataUrls(issuer)) {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) continue;
    const metadata = (await response.json()) as { token_endpoint?: unknown };
    if (typeof metadata.token_endpoint === 'string') return metadata.token_endpoint;
  }
  return `${issuer.replace(/\/$/, '')}/token`;
}

function tokenRequest(args: TokenArgs): { headers: Record<string, string>; body: URLSearchParams } {
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const { clientId, clientSecret } = args.client;
  if (args.auth === 'basic') {
    const credentials = `${formEncode(clientId)}:${formEncode(clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  } else {
    body.set('client_id', clientId);
    body.set('client_secret', clientSecret);
  }
  if (args.scope !== undefined) body.set('scope', args.scope);
  if (args.audience !== undefined) body.set('audience', args.audience);
  for (const resource of args.resources) body.append('resource', resource);
  return { headers, body };
}

/** Gets one token by the client-credentials grant and prints it (or, with `--json`, the answer). */
export async function requestToken(args: TokenArgs, io: CliIo): Promise<number> {
  let answer: Record<string, unknown>;
  let status: number;
  try {
    const endpoint = await findTokenEndpoint(args.issuer);
    const { headers, body } = tokenRequest(args);
    const response = await fetch(endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
    status = response.status;
    answer = (await response.json()) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
    io.stderr(`access-guard-issuer: no answer from ${args.issuer} (${reason})\n`);
    return 1;
  }
  if (status !== 200 || typeof answer.access_token !== 'string') {
    const description = typeof answer.error_description === 'string' ? ` (${answer.error_description})` : '';
    io.stderr(`access-guard-issuer: HTTP ${status} ${String(answer.error ?? 'no access_token')}${description}\n`);
    return 1;
  }
  io.stdout(args.json ? `${JSON.stringify(answer, null, 2)}\n` : `${answer.access_token}\n`);
  return 0;
}
