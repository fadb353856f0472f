import { insecureUrlReason, isLoopbackUrl } from '../../src/issuer/secure-url.js';

describe('isLoopbackUrl', () => {
  it.each([
    ['http://localhost:4000', true],
    ['http://127.0.0.1/', true],
    ['http://127.8.9.10/', true],
    ['http://[::1]:80/', true],
    ['https://issuer.example/', false],
    ['http://10.0.0.1/', false],
    ['not a url', false],
  ])('judges %s as %p', (url, loopback) => {
    expect(isLoopbackUrl(url)).toBe(loopback);
  });
});

describe('insecureUrlReason', () => {
  it('accepts https, and http on loopback', () => {
    expect(insecureUrlReason('https://issuer.example/jwks')).toBeUndefined();
    expect(insecureUrlReason('http://127.0.0.1:4000/jwks')).toBeUndefined();
  });

  it('refuses http off loopback, a relative URL and credentials', () => {
    expect(insecureUrlReason('http://issuer.example/jwks')).toContain('must use https:');
    expect(insecureUrlReason('/jwks')).toBe('it is not an absolute URL');
    expect(insecureUrlReason('https://user:pass@issuer.example/')).toBe('it must not carry credentials');
  });

  it('refuses http on loopback too when loopback http is not allowed (an https issuer)', () => {
    expect(insecureUrlReason('http://127.0.0.1:4000/introspect', false)).toContain('not on loopback');
  });
});

describe('insecureUrlReason with the development opt-in', () => {
  it('accepts plain http on any host, and still refuses credentials', () => {
    expect(insecureUrlReason('http://keycloak:8080/realms/dev', true, true)).toBeUndefined();
    expect(insecureUrlReason('http://keycloak:8080/realms/dev', false, true)).toBeUndefined();
    expect(insecureUrlReason('http://u:p@keycloak:8080/', true, true)).toBe('it must not carry credentials');
  });
});
