import { hash } from 'node:crypto';

/** SHA-256 of a token, base64url: the only form in which a token is ever used as a key. */
export function tokenHash(token: string): string {
  return hash('sha256', token, 'base64url');
}
