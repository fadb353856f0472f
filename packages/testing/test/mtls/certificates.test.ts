import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { createServer, request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { createCertificateAuthority, createClientCertificate, createServerCertificate } from '../../src/index.js';
import type { TestCertificate } from '../../src/index.js';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

function sha256OfDer(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');
}

describe('createClientCertificate', () => {
  it('makes a self-signed client certificate whose thumbprint is base64url(SHA-256(DER))', async () => {
    const client = await createClientCertificate({ commonName: 'billing-job' });
    const x509 = new X509Certificate(client.certificate);
    expect(x509.subject).toBe('CN=billing-job');
    expect(x509.issuer).toBe('CN=billing-job');
    expect(x509.keyUsage).toEqual([CLIENT_AUTH]);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(client.privateKey))).toBe(true);
    expect(client.thumbprint).toBe(sha256OfDer(client.certificate));
    expect(client.thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is valid from before now for the given number of days', async () => {
    const x509 = new X509Certificate((await createClientCertificate({ validDays: 2 })).certificate);
    const validTo = Date.parse(x509.validTo);
    expect(Date.parse(x509.validFrom)).toBeLessThanOrEqual(Date.now());
    expect(validTo).toBeGreaterThan(Date.now() + 2 * 86_400_000 - 60_000);
    expect(validTo).toBeLessThanOrEqual(Date.now() + 2 * 86_400_000 + 60_000);
  });

  it('rejects a validity that is not a positive number of days with a TypeError', async () => {
    await expect(createClientCertificate({ validDays: 0 })).rejects.toThrow(TypeError);
  });
});

describe('createCertificateAuthority', () => {
  it('issues client and server certificates that chain to it', async () => {
    const ca = await createCertificateAuthority({ commonName: 'Test CA' });
    const [client, server] = await Promise.all([
      createClientCertificate({ issuer: ca }),
      createServerCertificate({ issuer: ca }),
    ]);
    const caX509 = new X509Certificate(ca.certificate);
    expect(caX509.ca).toBe(true);
    for (const leaf of [client, server]) {
      const x509 = new X509Certificate(leaf.certificate);
      expect(x509.issuer).toBe('CN=Test CA');
      expect(x509.checkIssued(caX509)).toBe(true);
      expect(x509.verify(caX509.publicKey)).toBe(true);
      expect(x509.ca).toBe(false);
    }
    const serverX509 = new X509Certificate(server.certificate);
    expect(serverX509.keyUsage).toEqual([SERVER_AUTH]);
    expect(serverX509.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  });
});

describe('mutual TLS with the test certificates', () => {
  let ca: TestCertificate;
  let serverCert: TestCertificate;
  let client: TestCertificate;

  beforeAll(async () => {
    ca = await createCertificateAuthority();
    [serverCert, client] = await Promise.all([
      createServerCertificate({ issuer: ca }),
      createClientCertificate({ issuer: ca, commonName: 'billing-job' }),
    ]);
  });

  it('lets a TLS server see the client certificate whose SHA-256 is the thumbprint (RFC 8705 §3.1)', async () => {
    const server = createServer(
      {
        cert: serverCert.certificate,
        key: serverCert.privateKey,
        ca: ca.certificate,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        res.end(JSON.stringify({ thumbprint: peer.raw.toString('base64url'), cn: peer.subject.CN }));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const body = await new Promise<string>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/',
            ca: ca.certificate,
            cert: client.certificate,
            key: client.privateKey,
            agent: false,
          },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve(text));
          },
        );
        req.once('error', reject);
        req.end();
      });
      const { thumbprint: rawDer, cn } = JSON.parse(body) as { thumbprint: string; cn: string };
      expect(cn).toBe('billing-job');
      expect(createHash('sha256').update(Buffer.from(rawDer, 'base64url')).digest('base64url')).toBe(client.thumbprint);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
