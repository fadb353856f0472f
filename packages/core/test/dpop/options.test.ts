import { resolveDpopOptions } from '../../src/dpop/options.js';

describe('resolveDpopOptions', () => {
  it('accepts DPoP by default, with the token algorithms and a five-minute window', () => {
    for (const value of [undefined, true, {}]) {
      expect(resolveDpopOptions(value)).toEqual({
        required: false,
        algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
        iatWindowSeconds: 300,
        nonce: undefined,
        replayCacheSize: 100_000,
        replayFallback: 'refuse',
        origin: undefined,
      });
    }
  });

  it('takes a per-instance replay fallback and refuses anything else', () => {
    expect(resolveDpopOptions({ replayFallback: 'per-instance' })?.replayFallback).toBe('per-instance');
    expect(() => resolveDpopOptions({ replayFallback: 'memory' })).toThrow("'refuse' or 'per-instance'");
  });

  it('turns the scheme off with false', () => {
    expect(resolveDpopOptions(false)).toBeUndefined();
  });

  it('keeps explicit values', () => {
    expect(
      resolveDpopOptions({
        required: true,
        algorithms: ['ES256'],
        iatWindowSeconds: 60,
        nonce: { secret: 's'.repeat(32) },
        origin: 'https://api.example',
      }),
    ).toMatchObject({
      required: true,
      algorithms: ['ES256'],
      iatWindowSeconds: 60,
      nonce: { secret: 's'.repeat(32), lifetimeSeconds: 300 },
      origin: 'https://api.example',
    });
  });

  it.each([
    ['a short nonce secret', { nonce: { secret: 'short' } }, 'at least 32 characters'],
    ['a symmetric algorithm', { algorithms: ['HS256'] }, 'asymmetric JWS algorithms'],
    ['an origin with a path', { origin: 'https://api.example/mcp' }, 'an origin only'],
    ['an origin with a trailing slash', { origin: 'https://api.example/' }, 'an origin only'],
    ['a misspelt option', { require: true }, 'unknown option `dpop.require`'],
    ['a window of zero', { iatWindowSeconds: 0 }, 'dpop.iatWindowSeconds'],
  ])('refuses %s at start-up', (_label, value, message) => {
    expect(() => resolveDpopOptions(value)).toThrow(message);
  });
});
