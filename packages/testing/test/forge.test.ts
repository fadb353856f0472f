import { base64url, decodeProtectedHeader } from 'jose';
import { startLocalIssuer } from '../src/index.js';
import type { LocalIssuer } from '../src/index.js';
import { verifyAgainstJwks } from './support.js';

function segments(token: string): string[] {
  return token.split('.');
}

function decodeSegment(segment: string | undefined): string {
  return new TextDecoder().decode(base64url.decode(segment ?? ''));
}

describe('forge', () => {
  let issuer: LocalIssuer;
  const future = Math.floor(Date.now() / 1000) + 600;

  beforeAll(async () => {
    issuer = await startLocalIssuer();
  });
  afterAll(() => issuer.close());

  it('signs object parts with the issuer key so the token verifies', async () => {
    const token = await issuer.forge({
      header: { alg: 'RS256', kid: issuer.currentKid('RS256') },
      payload: { iss: issuer.issuer, sub: 'mallory', exp: future },
      signature: 'valid',
    });
    const { payload } = await verifyAgainstJwks(issuer, token);
    expect(payload.sub).toBe('mallory');
  });

  it("signs with the header object's alg when it is one of the issuer's algorithms", async () => {
    const token = await issuer.forge({
      header: { alg: 'EdDSA', kid: issuer.currentKid('EdDSA') },
      payload: { iss: issuer.issuer, exp: future },
    });
    await expect(verifyAgainstJwks(issuer, token)).resolves.toBeDefined();
  });

  it.each(['PS256', 'ES256'] as const)('makes a valid %s signature when alg says so', async (alg) => {
    const token = await issuer.forge({
      header: { alg, kid: issuer.currentKid(alg) },
      payload: { iss: issuer.issuer, exp: future },
      alg,
    });
    await expect(verifyAgainstJwks(issuer, token)).resolves.toBeDefined();
  });

  it('uses a string header verbatim, duplicate keys included', async () => {
    const header = `{"alg":"RS256","kid":"${issuer.currentKid()}","alg":"none"}`;
    const token = await issuer.forge({ header, payload: { sub: 'x' } });
    expect(decodeSegment(segments(token)[0])).toBe(header);
  });

  it('encodes an array payload as JSON', async () => {
    const token = await issuer.forge({ header: { alg: 'RS256' }, payload: ['a', 1], signature: 'none' });
    expect(decodeSegment(segments(token)[1])).toBe('["a",1]');
  });

  it('uses a string payload verbatim', async () => {
    const token = await issuer.forge({ header: { alg: 'RS256' }, payload: 'not json', signature: 'none' });
    expect(decodeSegment(segments(token)[1])).toBe('not json');
  });

  it("leaves the signature empty for 'none'", async () => {
    const token = await issuer.forge({ header: { alg: 'none' }, payload: { sub: 'x' }, signature: 'none' });
    expect(segments(token)).toHaveLength(3);
    expect(segments(token)[2]).toBe('');
    expect(decodeProtectedHeader(token).alg).toBe('none');
  });

  it('uses any other signature string verbatim', async () => {
    const token = await issuer.forge({ header: { alg: 'RS256' }, payload: {}, signature: 'AAAA' });
    expect(segments(token)[2]).toBe('AAAA');
  });

  it('signs with the RS256 key when the header is a string', async () => {
    const header = `{"alg":"RS256","kid":"${issuer.currentKid('RS256')}"}`;
    const token = await issuer.forge({ header, payload: { iss: issuer.issuer, exp: future } });
    await expect(verifyAgainstJwks(issuer, token)).resolves.toBeDefined();
  });

  it('rejects an unknown alg for a valid signature with a TypeError', async () => {
    await expect(issuer.forge({ header: { alg: 'HS256' }, payload: {}, alg: 'HS256' })).rejects.toThrow(TypeError);
  });
});
