import { createHash, generateKeyPair as generateNodeKeyPair, randomBytes, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { promisify } from 'node:util';

const generateRsa = promisify(generateNodeKeyPair);

/** node:crypto has no certificate writer; node-forge (pure JS, no dependencies) builds and signs them. */
async function loadForge() {
  return (await import('node-forge')).default;
}

/**
 * A test certificate with its private key, as made by {@link createClientCertificate},
 * {@link createServerCertificate} or {@link createCertificateAuthority}. Keys are RSA 2048, signed
 * with SHA-256.
 *
 * @example
 * ```ts
 * const { certificate, privateKey, thumbprint } = await createClientCertificate();
 * const token = await issuer.mint({ aud: 'https://api.example' }, { certificate: thumbprint });
 * ```
 */
export interface TestCertificate {
  /** The certificate, PEM. */
  readonly certificate: string;
  /** Its private key, PKCS #8 PEM. */
  readonly privateKey: string;
  /** RFC 8705 §3.1 `x5t#S256`: base64url(SHA-256(DER of the certificate)), a bound token's `cnf` member. */
  readonly thumbprint: string;
}

/**
 * What a test certificate holds. Every field is optional.
 *
 * @example
 * ```ts
 * const ca = await createCertificateAuthority();
 * const options: CertificateOptions = { commonName: 'billing-job', issuer: ca, validDays: 1 };
 * const client = await createClientCertificate(options);
 * ```
 */
export interface CertificateOptions {
  /** The subject's common name; default `'access-guard test client'`, `'localhost'` or `'access-guard test CA'`. */
  commonName?: string;
  /** The CA that signs it (from {@link createCertificateAuthority}); default none: self-signed. */
  issuer?: TestCertificate;
  /** Validity from now, in days; default 1. */
  validDays?: number;
  /** Host names and IP addresses for the subjectAltName; default `['localhost', '127.0.0.1', '::1']` for a server. */
  altNames?: string[];
}

type Role = 'client' | 'server' | 'ca';

/** RFC 8705 §3.1: base64url(SHA-256(DER)). */
export function certificateThumbprint(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');
}

function extensions(role: Role, altNames: readonly string[]): object[] {
  if (role === 'ca') {
    return [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ];
  }
  const list: object[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: role === 'client', serverAuth: role === 'server' },
  ];
  if (altNames.length > 0) {
    // GeneralName types: 2 = dNSName, 7 = iPAddress (RFC 5280 §4.2.1.6).
    const names = altNames.map((name) => (isIP(name) === 0 ? { type: 2, value: name } : { type: 7, ip: name }));
    list.push({ name: 'subjectAltName', altNames: names });
  }
  return list;
}

async function createCertificate(
  role: Role,
  options: CertificateOptions,
  defaultName: string,
): Promise<TestCertificate> {
  const { commonName = defaultName, issuer, validDays = 1 } = options;
  if (!Number.isFinite(validDays) || validDays <= 0) throw new TypeError('validDays must be a positive number');
  const altNames = options.altNames ?? (role === 'server' ? ['localhost', '127.0.0.1', '::1'] : []);
  const forge = await loadForge();
  const { publicKey, privateKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // A positive serial of 16 random bytes (RFC 5280 §4.1.2.2): the leading byte stays below 0x80.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  const now = Date.now();
  // An hour of slack before now, for clocks that differ a little.
  cert.validity.notBefore = new Date(now - 3_600_000);
  cert.validity.notAfter = new Date(now + validDays * 86_400_000);
  cert.setSubject([{ shortName: 'CN', value: commonName }]);
  const signer = issuer === undefined ? undefined : forge.pki.certificateFromPem(issuer.certificate);
  cert.setIssuer(signer === undefined ? cert.subject.attributes : signer.subject.attributes);
  cert.setExtensions([...extensions(role, altNames), { name: 'subjectKeyIdentifier' }]);
  cert.sign(forge.pki.privateKeyFromPem(issuer?.privateKey ?? privateKey), forge.md.sha256.create());
  const certificate = forge.pki.certificateToPem(cert);
  return { certificate, privateKey, thumbprint: certificateThumbprint(certificate) };
}

/**
 * Creates a client certificate for mutual TLS (RFC 8705): self-signed by default, or issued by a
 * test CA. Its `thumbprint` is the `x5t#S256` a certificate-bound token carries in `cnf`.
 *
 * @param options - see {@link CertificateOptions}.
 * @example
 * ```ts
 * import { request } from 'node:https';
 *
 * const client = await createClientCertificate({ commonName: 'billing-job' });
 * const token = await issuer.mint({ aud: 'https://api.example' }, { certificate: client });
 * request('https://127.0.0.1:8443/orders', {
 *   cert: client.certificate, key: client.privateKey, headers: { authorization: `Bearer ${token}` },
 * });
 * ```
 */
export function createClientCertificate(options: CertificateOptions = {}): Promise<TestCertificate> {
  return createCertificate('client', options, 'access-guard test client');
}

/**
 * Creates a TLS server certificate for a test HTTPS server, for `localhost`, `127.0.0.1` and `::1`
 * unless `altNames` says otherwise; usually issued by a CA from {@link createCertificateAuthority}.
 *
 * @param options - see {@link CertificateOptions}.
 * @example
 * ```ts
 * import { createServer } from 'node:https';
 *
 * const ca = await createCertificateAuthority();
 * const server = await createServerCertificate({ issuer: ca });
 * createServer({ cert: server.certificate, key: server.privateKey, ca: ca.certificate, requestCert: true }, app);
 * ```
 */
export function createServerCertificate(options: CertificateOptions = {}): Promise<TestCertificate> {
  return createCertificate('server', options, 'localhost');
}

/**
 * Creates a small self-signed certificate authority that issues test client and server
 * certificates; give its `certificate` to a TLS server as `ca` to trust its clients.
 *
 * @param options - `commonName` and `validDays` (see {@link CertificateOptions}).
 * @example
 * ```ts
 * const ca = await createCertificateAuthority({ commonName: 'Test CA' });
 * const client = await createClientCertificate({ issuer: ca });
 * ```
 */
export function createCertificateAuthority(
  options: Pick<CertificateOptions, 'commonName' | 'validDays'> = {},
): Promise<TestCertificate> {
  return createCertificate('ca', options, 'access-guard test CA');
}
