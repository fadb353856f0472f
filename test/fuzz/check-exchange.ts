import { parseChallenges } from '../behaviour/challenge.js';
import type { WireRequest, WireResponse } from './http-target.js';
import type { Outcome } from './oracle.js';

/** One request, its answer and what the oracle demanded. */
export interface Exchange {
  readonly adapter: string;
  readonly wire: WireRequest;
  readonly response: WireResponse;
  readonly outcome: Outcome;
  /** Every token the request carried; none of 16+ characters may come back. */
  readonly tokens: readonly string[];
}

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort().join();
const clip = (text: string, length = 300): string =>
  text.length > length ? `${text.slice(0, length)}… (${text.length} chars)` : text;

function summarize(x: Exchange): string {
  const wire = {
    ...x.wire,
    path: clip(x.wire.path, 200),
    headers: x.wire.headers.map(([name, value]) => [name, clip(value, 200)]),
  };
  return [
    `adapter: ${x.adapter}`,
    `request: ${JSON.stringify(wire)}`,
    `expected: ${JSON.stringify(x.outcome)}`,
    `status: ${x.response.status}`,
    `headers: ${JSON.stringify(x.response.rawHeaders)}`,
    `body: ${clip(x.response.body.toString('utf8'))}`,
  ].join('\n  ');
}

/** Renderings of a token an answer could carry: as is, JSON-escaped, HTML-escaped. */
function renderings(token: string): string[] {
  const html = token
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
  return [...new Set([token, JSON.stringify(token).slice(1, -1), html])];
}

/**
 * Checks the four properties of issue #5 on one exchange: (a) never 5xx; (b) 2xx only when the oracle
 * says valid, and always then; (c) every 400/401/403 has one well-formed challenge with realm "api";
 * (d) no token of 16+ characters in any header or the body. Also: no prototype pollution.
 */
export function checkExchange(x: Exchange): void {
  const { response, outcome } = x;
  const fail = (what: string): never => {
    throw new Error(`${what}\n  ${summarize(x)}`);
  };
  const { status } = response;
  if (status >= 500) fail(`(a) answered ${status}`);

  if (outcome.status === 'ambiguous') {
    if (status !== 200 && status !== 401) fail('(b) expected 200 or 401 (time at the leeway boundary)');
  } else if (status !== outcome.status) {
    fail(
      status >= 200 && status < 300 ? '(b) accepted a request the oracle refuses' : `(b) expected ${outcome.status}`,
    );
  }
  if (status === 200) {
    const body = JSON.parse(response.body.toString('utf8')) as { frozen?: unknown };
    if (body.frozen !== true) fail('claims were handed out unfrozen');
    if (outcome.status === 200 && outcome.source === 'query' && response.headers['cache-control'] !== 'private') {
      fail('a query-token answer lacks Cache-Control: private (RFC 6750 §2.3)');
    }
  }

  if (status === 400 || status === 401 || status === 403) {
    const challenges = response.rawHeaders.filter(
      (_, i) => i % 2 === 0 && response.rawHeaders[i]?.toLowerCase() === 'www-authenticate',
    );
    if (challenges.length !== 1) fail(`(c) ${challenges.length} WWW-Authenticate headers`);
    let attributes: Record<string, string> = {};
    // The error sits on the challenge of the scheme the request used (RFC 9449 §7.1).
    const scheme = outcome.status === 401 ? (outcome.scheme ?? 'Bearer') : 'Bearer';
    try {
      attributes = parseChallenges(String(response.headers['www-authenticate']))[scheme] ?? {};
    } catch (error) {
      fail(`(c) ${(error as Error).message}`);
    }
    if (attributes['realm'] !== 'api') fail('(c) realm is not "api"');
    const wanted = outcome.status === 'ambiguous' ? 'invalid_token' : 'error' in outcome ? outcome.error : undefined;
    if (wanted !== undefined && (attributes['error'] ?? null) !== wanted)
      fail(`(c) error attribute is not ${String(wanted)}`);
    if (x.adapter.includes("'respond'")) {
      const body = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
      if (body['error'] !== (attributes['error'] ?? 'unauthorized') || typeof body['error_description'] !== 'string') {
        fail('the JSON body is not { error, error_description } matching the challenge');
      }
    }
  }

  const headerText = response.rawHeaders.join('\n');
  const bodyTexts = [response.body.toString('utf8'), response.body.toString('latin1')];
  for (const token of x.tokens) {
    if (token.length < 16) continue;
    for (const form of renderings(token)) {
      if (headerText.includes(form) || bodyTexts.some((body) => body.includes(form)))
        fail('(d) the token came back in the answer');
    }
  }

  if (
    Object.getOwnPropertyNames(Object.prototype).sort().join() !== PROTOTYPE_NAMES ||
    ({} as Record<string, unknown>)['polluted'] !== undefined
  ) {
    fail('Object.prototype was polluted');
  }
}
