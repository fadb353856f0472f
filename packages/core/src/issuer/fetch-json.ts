import { IssuerUnavailableError } from '../errors.js';

/** How to call the issuer. */
export interface IssuerRequest {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
  /** Answers larger than this are refused (a hostile or broken issuer must not exhaust memory). */
  readonly maxBytes?: number;
  /** Names the endpoint in error messages, e.g. `'JWKS'`. */
  readonly what: string;
}

/** An issuer's answer: its status and, when the body was a JSON document, the parsed value. */
export interface IssuerResponse {
  readonly status: number;
  /** The parsed JSON, or `undefined` when the body was not JSON. */
  readonly json: unknown;
  /** The issuer's `Retry-After`, in seconds, when it sent one as a number of seconds. */
  readonly retryAfterSeconds: number | undefined;
}

/** 1 MiB: far above any real discovery document, JWKS, userinfo or introspection answer. */
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return undefined;
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function retryAfterOf(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  // Only the delay-seconds form (RFC 9110 §10.2.3); an HTTP date is rare from issuers.
  return value !== null && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/**
 * Calls the issuer and returns its status and JSON. Anything that is not an answer (refused, reset,
 * timed out, oversized) throws {@link IssuerUnavailableError}; the caller decides what a status means.
 */
export async function fetchIssuerJson(request: IssuerRequest): Promise<IssuerResponse> {
  const fail = (reason: string, cause?: unknown): IssuerUnavailableError =>
    new IssuerUnavailableError(`The issuer's ${request.what} endpoint is unavailable`, {
      cause: new Error(`${request.what} ${request.url}: ${reason}`, cause === undefined ? undefined : { cause }),
    });
  const signal = AbortSignal.timeout(request.timeoutMs);
  let text: string | undefined;
  let status: number;
  let retryAfterSeconds: number | undefined;
  try {
    const init: RequestInit = {
      method: request.method ?? 'GET',
      headers: { accept: 'application/json', ...request.headers },
      redirect: 'error',
      signal,
    };
    if (request.body !== undefined) init.body = request.body;
    const response = await fetch(request.url, init);
    status = response.status;
    retryAfterSeconds = retryAfterOf(response);
    text = await readCapped(response, request.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    if (text === undefined) {
      await response.body?.cancel().catch(() => undefined);
      throw fail('the answer is larger than the limit');
    }
  } catch (error) {
    if (error instanceof IssuerUnavailableError) throw error;
    throw fail(signal.aborted ? `no answer within ${request.timeoutMs} ms` : 'the request failed', error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, json, retryAfterSeconds };
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Builds the error for an issuer answer that cannot be used (5xx, 429, HTML, wrong shape), with the issuer's Retry-After. */
export function unusableAnswer(
  request: Pick<IssuerRequest, 'what' | 'url'>,
  reason: string,
  issuerRetryAfterSeconds?: number,
): IssuerUnavailableError {
  return new IssuerUnavailableError(`The issuer's ${request.what} endpoint gave no usable answer`, {
    cause: new Error(`${request.what} ${request.url}: ${reason}`),
    issuerRetryAfterSeconds,
  });
}
