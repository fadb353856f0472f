import { hash, X509Certificate } from 'node:crypto';
import type { TokenRequest } from '../http/extract-token.js';

/** Where the client certificate of an mTLS-bound token is read (RFC 8705). */
export interface MtlsOptions {
  /**
   * The header a TLS-terminating proxy puts the client certificate in (PEM, URL-encoded PEM as
   * nginx's `$ssl_client_escaped_cert`, or base64 DER). Safe only when the proxy removes that header
   * from what clients send. Default: none; the certificate comes from the TLS connection.
   */
  certificateHeader?: string | undefined;
}

/** The DER bytes of a certificate given as PEM (maybe URL-encoded) or base64 DER; undefined if unreadable. */
function derOf(value: string): Uint8Array | undefined {
  let text = value.trim();
  try {
    if (text.includes('%')) text = decodeURIComponent(text);
  } catch {
    return undefined;
  }
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(text);
  const base64 = (pem?.[1] ?? text).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+=*$/.test(base64)) return undefined;
  try {
    // Parsed to be sure it is a certificate, not just bytes.
    return new X509Certificate(Buffer.from(base64, 'base64')).raw;
  } catch {
    return undefined;
  }
}

/**
 * The RFC 8705 §3.1 thumbprint (`x5t#S256`: base64url SHA-256 of the DER) of the request's client
 * certificate: from the named proxy header when configured, else from the TLS connection.
 */
export function certificateThumbprint(request: TokenRequest, header: string | undefined): string | undefined {
  let der: Uint8Array | undefined;
  if (header !== undefined) {
    const name = header.toLowerCase();
    const { rawHeaders } = request;
    const values: string[] = [];
    for (let i = 0; i < rawHeaders.length; i += 2) {
      if (rawHeaders[i]?.toLowerCase() === name) values.push(rawHeaders[i + 1] ?? '');
    }
    // Two certificates for one request cannot both be the client's: none is taken.
    if (values.length === 1) der = derOf(values[0] as string);
  } else {
    der = request.clientCertificate?.();
  }
  return der === undefined || der.length === 0 ? undefined : hash('sha256', der, 'base64url');
}
