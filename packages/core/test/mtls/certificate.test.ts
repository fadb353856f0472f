import { X509Certificate, createHash } from 'node:crypto';
import { createClientCertificate, type TestCertificate } from '@access-guard/testing';
import { certificateThumbprint } from '../../src/mtls/certificate.js';

let certificate: TestCertificate;
let der: Buffer;
beforeAll(async () => {
  certificate = await createClientCertificate();
  der = new X509Certificate(certificate.certificate).raw;
});

const requestWith = (headers: string[], clientCertificate?: () => Uint8Array | undefined) => ({
  rawHeaders: headers,
  method: 'GET',
  url: '/',
  clientCertificate,
});

describe('certificateThumbprint', () => {
  it('is base64url SHA-256 of the DER (RFC 8705 §3.1), from the TLS connection by default', () => {
    const expected = createHash('sha256').update(der).digest('base64url');
    expect(expected).toBe(certificate.thumbprint);
    expect(
      certificateThumbprint(
        requestWith([], () => der),
        undefined,
      ),
    ).toBe(expected);
  });

  it('is undefined without a certificate on the connection', () => {
    expect(
      certificateThumbprint(
        requestWith([], () => undefined),
        undefined,
      ),
    ).toBeUndefined();
    expect(certificateThumbprint(requestWith([]), undefined)).toBeUndefined();
  });

  it.each([
    ['PEM', () => certificate.certificate.replace(/\n/g, ' ')],
    ['URL-encoded PEM', () => encodeURIComponent(certificate.certificate)],
    ['base64 DER', () => der.toString('base64')],
  ])('reads a %s certificate from the named proxy header', (_label, value) => {
    expect(certificateThumbprint(requestWith(['X-Client-Cert', value()]), 'x-client-cert')).toBe(
      certificate.thumbprint,
    );
  });

  it('ignores the connection when a header is named, and the header when none is', () => {
    expect(
      certificateThumbprint(
        requestWith([], () => der),
        'x-client-cert',
      ),
    ).toBeUndefined();
    expect(certificateThumbprint(requestWith(['x-client-cert', der.toString('base64')]), undefined)).toBeUndefined();
  });

  it('takes no certificate from a header sent twice, or that holds no certificate', () => {
    const value = der.toString('base64');
    expect(
      certificateThumbprint(requestWith(['x-client-cert', value, 'x-client-cert', value]), 'x-client-cert'),
    ).toBeUndefined();
    for (const junk of [
      'not a certificate',
      'AAAA',
      '%E0%A4%A',
      '-----BEGIN CERTIFICATE-----!!!-----END CERTIFICATE-----',
    ]) {
      expect(certificateThumbprint(requestWith(['x-client-cert', junk]), 'x-client-cert')).toBeUndefined();
    }
  });
});
