import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { IssuerUnavailableError } from '../../src/errors.js';
import { fetchIssuerJson, isJsonObject, unusableAnswer } from '../../src/issuer/fetch-json.js';

let issuer: LocalIssuer;
let redirecting: Server;
let redirectUrl: string;
beforeAll(async () => {
  issuer = await startLocalIssuer({ algorithms: ['ES256'] });
  redirecting = createServer((_req, res) => res.writeHead(302, { location: issuer.jwksUri }).end());
  await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
  redirectUrl = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/jwks`;
});
afterAll(async () => {
  await issuer.close();
  await new Promise((resolve) => redirecting.close(resolve));
});
afterEach(() => issuer.setFault('all', null));

const get = (url: string, extra: { timeoutMs?: number; maxBytes?: number } = {}) =>
  fetchIssuerJson({ url, what: 'JWKS', timeoutMs: extra.timeoutMs ?? 1000, ...extra });

/** The reason an IssuerUnavailableError gives in its cause (fails the test for anything else). */
async function failureOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(IssuerUnavailableError);
  return String((error as Error).cause);
}

describe('fetchIssuerJson', () => {
  it('returns the status and the parsed JSON of an answer', async () => {
    const { status, json, retryAfterSeconds } = await get(issuer.jwksUri);
    expect(status).toBe(200);
    expect(isJsonObject(json) && Array.isArray(json['keys'])).toBe(true);
    expect(retryAfterSeconds).toBeUndefined();
  });

  it('returns a non-JSON body as undefined json, leaving the status to the caller', async () => {
    issuer.setFault('jwks', 'html');
    await expect(get(issuer.jwksUri)).resolves.toMatchObject({ status: 200, json: undefined });
  });

  it("reads the issuer's Retry-After in seconds", async () => {
    issuer.setFault('jwks', { status: 429, headers: { 'retry-after': '17' } });
    await expect(get(issuer.jwksUri)).resolves.toMatchObject({ status: 429, retryAfterSeconds: 17 });
  });

  it('ignores a Retry-After that is a date', async () => {
    issuer.setFault('jwks', { status: 503, headers: { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' } });
    await expect(get(issuer.jwksUri)).resolves.toMatchObject({ status: 503, retryAfterSeconds: undefined });
  });

  it('throws 503 naming the timeout when the issuer does not answer in time', async () => {
    issuer.setFault('jwks', 'hang');
    expect(await failureOf(get(issuer.jwksUri, { timeoutMs: 200 }))).toContain('no answer within 200 ms');
  });

  it('throws 503 when the connection is refused or reset', async () => {
    issuer.setFault('jwks', 'refuse');
    expect(await failureOf(get(issuer.jwksUri))).toContain('the request failed');
  });

  it('throws 503 for an answer past the size limit, declared or streamed', async () => {
    issuer.setFault('jwks', 'huge');
    expect(await failureOf(get(issuer.jwksUri))).toContain('larger than the limit');
    issuer.setFault('jwks', null);
    expect(await failureOf(get(issuer.jwksUri, { maxBytes: 10 }))).toContain('larger than the limit');
  });

  it('never follows a redirect', async () => {
    issuer.resetCounts();
    expect(await failureOf(get(redirectUrl))).toContain('the request failed');
    expect(issuer.counts.jwks).toBe(0);
  });
});

describe('unusableAnswer', () => {
  it('names the endpoint in the message and the URL and reason only in the cause', () => {
    const error = unusableAnswer({ what: 'JWKS', url: 'https://issuer.example/jwks' }, 'HTTP 500', 30);
    expect(error.message).toBe("The issuer's JWKS endpoint gave no usable answer");
    expect(String(error.cause)).toBe('Error: JWKS https://issuer.example/jwks: HTTP 500');
    expect(error.issuerRetryAfterSeconds).toBe(30);
    expect(error.retryAfterSeconds).toBe(5);
  });
});
