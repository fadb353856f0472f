import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Server nonces for DPoP proofs (RFC 9449 §8, §9) that need no storage: a nonce is a time slot and an
 * HMAC of it with a secret the instances share, so any instance accepts any other's nonce. A nonce
 * is good in its own slot and the next one (a client always has at least one slot to use it).
 */
export class DpopNonces {
  readonly #secret: Buffer;

  constructor(
    secret: string,
    private readonly lifetimeSeconds: number,
  ) {
    this.#secret = Buffer.from(secret, 'utf8');
  }

  /** The nonce of the slot that holds `nowMs`. */
  current(nowMs: number): string {
    return this.#nonce(Math.floor(nowMs / 1000 / this.lifetimeSeconds));
  }

  /** Whether `nonce` is one of this slot's or the previous one's. */
  accepts(nonce: unknown, nowMs: number): boolean {
    if (typeof nonce !== 'string' || nonce.length > 128) return false;
    const slot = Math.floor(nowMs / 1000 / this.lifetimeSeconds);
    return [slot, slot - 1].some((candidate) => equal(nonce, this.#nonce(candidate)));
  }

  #nonce(slot: number): string {
    const label = slot.toString(36);
    const mac = createHmac('sha256', this.#secret).update(`dpop-nonce:${label}`).digest('base64url').slice(0, 22);
    return `${label}.${mac}`;
  }
}

function equal(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
