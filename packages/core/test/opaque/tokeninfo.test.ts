import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { IssuerUnavailableError } from '../../src/errors.js';
import { fetchTokeninfo } from '../../src/opaque/tokeninfo.js';

const NOW_MS = Date.UTC(2030, 0, 1);
let google: LocalIssuer;
let endpoint: string;
beforeAll(async () => {
  google = await startLocalIssuer({ profile: 'google', now: () => NOW_MS });
  endpoint = google.tokeninfoEndpoint as string;
});
afterAll(() => google.close());
afterEach(() => google.setFault('all', null));

describe('fetchTokeninfo', () => {
  it("answers a live token's claims, with Google's strings for numbers turned into numbers", async () => {
    const token = await google.mint({}, { expiresIn: 600 });
    const answer = await fetchTokeninfo(endpoint, token, 1000);
    expect(answer).toMatchObject({
      kind: 'active',
      claims: { exp: NOW_MS / 1000 + 600, expires_in: 600, email_verified: 'true', aud: expect.any(String) },
    });
  });

  it('sends the token in a form body, never in the URL', async () => {
    const seen: { url?: string; method?: string; body?: string } = {};
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        Object.assign(seen, { url: req.url, method: req.method, body });
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_token"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await fetchTokeninfo(`http://127.0.0.1:${port}/tokeninfo`, 'ya29.secret-token', 1000);
      expect(seen).toEqual({ url: '/tokeninfo', method: 'POST', body: 'access_token=ya29.secret-token' });
    } finally {
      server.close();
    }
  });

  it.each([[400], [401]])('answers inactive when the endpoint says %i', async (status) => {
    google.setFault('introspection', { status });
    await expect(fetchTokeninfo(endpoint, 'ya29.x', 1000)).resolves.toEqual({ kind: 'inactive' });
  });

  it('answers inactive for a token it does not know', async () => {
    await expect(fetchTokeninfo(endpoint, 'ya29.unknown', 1000)).resolves.toEqual({ kind: 'inactive' });
  });

  it('drops a numeric member that is no number, and then needs an exp', async () => {
    google.setFault('introspection', { status: 200, body: '{"exp":"1e9","expires_in":"soon","aud":"a"}' });
    const error = await fetchTokeninfo(endpoint, 'ya29.x', 1000).catch((caught: unknown) => caught);
    expect(String((error as Error).cause)).toContain('no numeric "exp"');
  });

  it('keeps a numeric member that is already a number', async () => {
    google.setFault('introspection', { status: 200, body: '{"exp":1900000000,"iat":"12"}' });
    await expect(fetchTokeninfo(endpoint, 'ya29.x', 1000)).resolves.toEqual({
      kind: 'active',
      claims: { exp: 1_900_000_000, iat: 12 },
    });
  });

  it.each([
    ['a 500', { status: 500 }, 'HTTP 500'],
    ['a 429', { status: 429 }, 'HTTP 429'],
    ['a JSON array', { status: 200, body: '[]' }, 'not a JSON object'],
  ])('answers 503 for %s', async (_label, fault, reason) => {
    google.setFault('introspection', fault);
    const error = await fetchTokeninfo(endpoint, 'ya29.x', 1000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IssuerUnavailableError);
    expect(String((error as Error).cause)).toContain(reason);
  });
});
