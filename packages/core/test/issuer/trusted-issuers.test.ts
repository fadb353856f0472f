import { InvalidTokenError } from '../../src/errors.js';
import { Issuer } from '../../src/issuer/issuer.js';
import { resolveIssuerOptions } from '../../src/issuer/options.js';
import { TrustedIssuers } from '../../src/issuer/trusted-issuers.js';

const issuerOf = (issuer: string): Issuer =>
  new Issuer(resolveIssuerOptions({ issuer, audience: 'https://api.example' }), {
    timeoutMs: 1000,
    now: Date.now,
    report: () => undefined,
  });
const trusted = new TrustedIssuers([issuerOf('https://a.example/'), issuerOf('https://b.example')]);

function refusal(iss: unknown): InvalidTokenError {
  try {
    trusted.select(iss);
  } catch (error) {
    if (error instanceof InvalidTokenError) return error;
    throw error;
  }
  throw new Error('selected');
}

describe('TrustedIssuers', () => {
  it('selects the issuer an iss names byte for byte', () => {
    expect(trusted.select('https://b.example').identifier).toBe('https://b.example');
    expect(trusted.find('https://a.example/')?.identifier).toBe('https://a.example/');
    expect(trusted.all).toHaveLength(2);
  });

  it.each([['https://c.example'], [42], [undefined], [['https://a.example/']]])('refuses iss %p', (iss) => {
    expect(trusted.find(iss)).toBeUndefined();
    expect(refusal(iss).reason).toBe('untrusted_issuer');
  });

  it('names the trusted issuers and the unverified iss, for logs', () => {
    expect(refusal('https://c.example').detail).toMatchObject({
      expected: 'one of ["https://a.example/","https://b.example"]',
      actual: '"https://c.example" (unverified)',
    });
  });

  it('says when the iss differs only by a trailing slash', () => {
    expect(refusal('https://a.example').detail?.fix).toContain('only by a trailing slash');
    expect(refusal('https://b.example/').detail?.fix).toContain('only by a trailing slash');
    expect(refusal('https://c.example').detail?.fix).not.toContain('trailing slash');
  });
});

describe('TrustedIssuers with a multi-tenant issuer', () => {
  const template = 'https://login.example/{tenantid}/v2.0';
  const tenant = '9188040d-6c67-4c5b-b112-36a304b66dad';
  const multi = new Issuer(resolveIssuerOptions({ issuer: template, audience: 'api', tenants: [tenant] }), {
    timeoutMs: 1000,
    now: Date.now,
    report: () => undefined,
  });
  const withTemplate = new TrustedIssuers([issuerOf('https://a.example/'), multi]);

  it('selects it for an allowed tenant, and the exact issuer for its own iss', () => {
    expect(withTemplate.select(`https://login.example/${tenant}/v2.0`)).toBe(multi);
    expect(withTemplate.find('https://a.example/')?.identifier).toBe('https://a.example/');
  });

  it.each([
    ['another tenant', 'https://login.example/00000000-0000-0000-0000-000000000000/v2.0'],
    ['the placeholder', template],
    ['an empty tenant', 'https://login.example//v2.0'],
    ['another suffix', `https://login.example/${tenant}/v1.0`],
  ])('refuses %s', (_label, iss) => {
    expect(withTemplate.find(iss)).toBeUndefined();
    expect(() => withTemplate.select(iss)).toThrow('unacceptable iss claim');
  });
});
