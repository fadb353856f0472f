import { createHash, randomBytes } from 'node:crypto';

import { postForm, readJson } from './http-form.js';

export interface AuthorizationCodeFlowInput {
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
  /** Typed into the devInteractions login form; any value signs in. */
  readonly login: string;
}

// Authorization request, login, resume, consent, resume, redirect: six hops, with headroom.
const maxHops = 12;

/**
 * Drives the authorization-code flow with PKCE (RFC 7636) over HTTP like a browser would:
 * follows redirects by hand, fills in oidc-provider's devInteractions login and consent forms,
 * then exchanges the code at the token endpoint. Returns the access token.
 */
export async function runAuthorizationCodeFlow(input: AuthorizationCodeFlowInput): Promise<string> {
  const codeVerifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorizationUrl = new URL(input.authorizationEndpoint);
  authorizationUrl.search = new URLSearchParams({
    client_id: input.clientId,
    response_type: 'code',
    redirect_uri: input.redirectUri,
    scope: input.scope,
    state,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();

  const code = await obtainCode(authorizationUrl.href, input, state);
  const response = await postForm(
    input.tokenEndpoint,
    { grant_type: 'authorization_code', code, redirect_uri: input.redirectUri, code_verifier: codeVerifier },
    { clientId: input.clientId },
  );
  const { access_token: accessToken } = await readJson<{ access_token: string }>(response, 'authorization_code grant');
  return accessToken;
}

async function obtainCode(authorizationUrl: string, input: AuthorizationCodeFlowInput, state: string): Promise<string> {
  const browser = new CookieJar();
  let url = authorizationUrl;
  for (let hop = 0; hop < maxHops; hop += 1) {
    if (url.startsWith(`${input.redirectUri}?`)) {
      return readCode(new URL(url), state);
    }
    let response = await browser.fetch(url);
    if (response.status === 200) {
      response = await submitInteraction(browser, url, await response.text(), input.login);
    }
    url = redirectTarget(response, url, await response.text());
  }
  throw new Error(`authorization flow did not reach ${input.redirectUri} within ${maxHops} redirects`);
}

/** Answers a devInteractions page: its single form carries a hidden `prompt` of login or consent. */
async function submitInteraction(browser: CookieJar, pageUrl: string, html: string, login: string): Promise<Response> {
  const action = /<form[^>]*\saction="([^"]+)"/.exec(html)?.[1];
  const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
  if (action === undefined || prompt === undefined) {
    throw new Error(`expected a devInteractions form at ${pageUrl}, got: ${html.slice(0, 300)}`);
  }
  const fields: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'any' } : { prompt };
  return browser.fetch(new URL(action.replace(/&amp;/g, '&'), pageUrl).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

function redirectTarget(response: Response, from: string, body: string): string {
  const location = response.headers.get('location');
  if (response.status < 300 || response.status > 399 || location === null) {
    throw new Error(`expected a redirect from ${from}, got HTTP ${response.status}: ${body.slice(0, 300)}`);
  }
  return new URL(location, from).href;
}

function readCode(callback: URL, state: string): string {
  const { searchParams } = callback;
  if (searchParams.has('error')) {
    throw new Error(
      `authorization failed: ${searchParams.get('error')} ${searchParams.get('error_description') ?? ''}`,
    );
  }
  const code = searchParams.get('code');
  if (code === null || searchParams.get('state') !== state) {
    throw new Error(`unexpected authorization response ${callback.search}`);
  }
  return code;
}

/**
 * Carries cookies between requests like a browser on one host. Paths are ignored: the provider's
 * cookies only need to reach the same origin, and each new value replaces the old one.
 */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.#cookies.size > 0) {
      headers.set('cookie', [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const setCookie of response.headers.getSetCookie()) {
      this.#store(setCookie);
    }
    return response;
  }

  #store(setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const expired = attributes.some((attribute) => {
      const [key = '', date = ''] = attribute.split('=');
      return key.trim().toLowerCase() === 'expires' && Date.parse(date) <= Date.now();
    });
    if (expired || value === '') {
      this.#cookies.delete(name);
    } else {
      this.#cookies.set(name, value);
    }
  }
}
