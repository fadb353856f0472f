// DPoP proofs for the DPoP mode: every request carries a fresh one (its own jti), made here in the
// runner before the load starts, never while a server is measured.
import { dpopProof } from '@access-guard/testing';
import { DPOP_HOST } from './config.mjs';

/** Proofs made per second of load ahead of a slice: above the fastest server's rate here. */
const PROOFS_PER_SECOND = 8000;
const BATCH = 128;

/**
 * A growing list of proofs for one DPoP-bound token, shared by the servers of one generation: each
 * server has its own replay store and its own cursor (a {@link ProofFeed}), so no server sees a jti
 * twice. A proof's `iat` must stay within the servers' window (5 minutes), so each generation makes a
 * pool of its own.
 */
export class ProofPool {
  #proofs = [];

  constructor({ key, token, path }) {
    this.options = { key, htm: 'GET', htu: `http://${DPOP_HOST}${path}`, accessToken: token };
  }

  /** Makes proofs until `count` exist. */
  async ensure(count) {
    while (this.#proofs.length < count) {
      const size = Math.min(BATCH, count - this.#proofs.length);
      this.#proofs.push(...(await Promise.all(Array.from({ length: size }, () => dpopProof(this.options)))));
    }
  }

  /** A cursor for one server. */
  feed() {
    return new ProofFeed(this);
  }

  at(index) {
    return this.#proofs[index];
  }
}

/** One server's position in a {@link ProofPool}. */
export class ProofFeed {
  next = 0;

  constructor(pool) {
    this.pool = pool;
  }

  /** Makes sure enough proofs exist for `seconds` of load (or `amount` requests). */
  ready({ seconds, amount }) {
    return this.pool.ensure(this.next + (amount ?? Math.ceil(seconds * PROOFS_PER_SECOND)));
  }

  /** The next unused proof; undefined when the pool ran out (the request then goes without one and fails). */
  take() {
    const proof = this.pool.at(this.next);
    if (proof !== undefined) this.next += 1;
    return proof;
  }
}
