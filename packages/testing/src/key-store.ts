import { randomBytes } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair } from 'jose';
import type { CryptoKey, JSONWebKeySet, JWK } from 'jose';
import type { SigningAlgorithm } from './types.js';

/** One generated key pair with its public JWK as the JWKS lists it. */
export interface SigningKey {
  readonly alg: SigningAlgorithm;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

async function generatePair(alg: SigningAlgorithm): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
  return generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
}

async function generateSigningKey(alg: SigningAlgorithm, generation: number): Promise<SigningKey> {
  const { privateKey, publicKey } = await generatePair(alg);
  const kid = `${alg.toLowerCase()}-${generation}-${randomBytes(6).toString('base64url')}`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicKey, publicJwk };
}

/**
 * The issuer's signing keys: one current pair per configured algorithm, replaced as a whole by
 * `rotate()`, plus lazily made "foreign" keys that never appear in the JWKS.
 */
export class KeyStore {
  readonly algorithms: readonly SigningAlgorithm[];
  #generation = 0;
  #current = new Map<SigningAlgorithm, SigningKey>();
  readonly #foreign = new Map<SigningAlgorithm, Promise<CryptoKey>>();

  private constructor(algorithms: readonly SigningAlgorithm[]) {
    this.algorithms = algorithms;
  }

  /** Generates the first key pair for each algorithm. */
  static async create(algorithms: readonly SigningAlgorithm[]): Promise<KeyStore> {
    const store = new KeyStore(algorithms);
    await store.rotate();
    return store;
  }

  /** Replaces every key pair with a new one under a new kid; the old keys leave the JWKS. */
  async rotate(): Promise<void> {
    this.#generation += 1;
    const generation = this.#generation;
    const keys = await Promise.all(this.algorithms.map((alg) => generateSigningKey(alg, generation)));
    // Swap the whole set at once so the JWKS never serves a half-rotated mix.
    this.#current = new Map(keys.map((key) => [key.alg, key]));
  }

  /** `'RS256'` when the issuer has it, else its first algorithm: the default for mint and forge. */
  get defaultAlgorithm(): SigningAlgorithm {
    return this.algorithms.includes('RS256') ? 'RS256' : (this.algorithms[0] ?? 'RS256');
  }

  /** The current key for `alg`; an algorithm the issuer was not started with is a `TypeError`. */
  signingKey(alg: SigningAlgorithm): SigningKey {
    const key = this.#current.get(alg);
    if (key === undefined) {
      throw new TypeError(`the issuer has no ${String(alg)} key; start it with algorithms including '${String(alg)}'`);
    }
    return key;
  }

  /** The current key with this kid, or `undefined`. */
  findByKid(kid: unknown): SigningKey | undefined {
    for (const key of this.#current.values()) {
      if (key.kid === kid) return key;
    }
    return undefined;
  }

  /** A private key of the same algorithm that the JWKS never lists (made once per algorithm). */
  foreignKey(alg: SigningAlgorithm): Promise<CryptoKey> {
    this.signingKey(alg);
    let key = this.#foreign.get(alg);
    if (key === undefined) {
      key = generatePair(alg).then((pair) => pair.privateKey);
      this.#foreign.set(alg, key);
    }
    return key;
  }

  /** The SPKI PEM text of the current RSA public key for `alg`, as bytes (for the HS256 attack). */
  async publicKeyPemBytes(alg: SigningAlgorithm): Promise<Uint8Array> {
    if (alg !== 'RS256' && alg !== 'PS256') {
      throw new TypeError(`'hs256-public-key' needs an RSA algorithm (RS256 or PS256), not ${alg}`);
    }
    return new TextEncoder().encode(await exportSPKI(this.signingKey(alg).publicKey));
  }

  /** The public JWKS: one key per algorithm, each with `kid`, `alg` and `use: 'sig'`. */
  jwks(): JSONWebKeySet {
    return { keys: [...this.#current.values()].map((key) => ({ ...key.publicJwk })) };
  }
}
