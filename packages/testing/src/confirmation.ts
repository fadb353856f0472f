import type { DpopKey } from './dpop/dpop-key.js';
import type { TestCertificate } from './mtls/certificates.js';

/** What binds a token to its sender: a DPoP key or certificate, or its thumbprint. */
export interface SenderBinding {
  dpop?: DpopKey | string;
  certificate?: TestCertificate | string;
}

function thumbprintOf(value: DpopKey | TestCertificate | string, name: string): string {
  const thumbprint = typeof value === 'string' ? value : value?.thumbprint;
  if (typeof thumbprint !== 'string' || thumbprint === '') {
    throw new TypeError(`${name} must be a key or certificate from this package, or its thumbprint`);
  }
  return thumbprint;
}

/**
 * The `cnf` claim (RFC 7800) binding a token to a DPoP key (`jkt`, RFC 9449 §6.1) and/or a client
 * certificate (`x5t#S256`, RFC 8705 §3.1); `undefined` when neither is given.
 */
export function confirmationClaim(binding: SenderBinding): Record<string, string> | undefined {
  const cnf: Record<string, string> = {};
  if (binding.dpop !== undefined) cnf.jkt = thumbprintOf(binding.dpop, 'dpop');
  if (binding.certificate !== undefined) cnf['x5t#S256'] = thumbprintOf(binding.certificate, 'certificate');
  return Object.keys(cnf).length === 0 ? undefined : cnf;
}
