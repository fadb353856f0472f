import { createHash, randomBytes } from 'node:crypto';
import { jwtVerify } from 'jose';
import type { JWSHeaderParameters } from 'jose';
import { confirmationClaim } from './confirmation.js';
import type { KeyStore } from './key-store.js';
import type { Profile } from './profiles/profile.js';
import type { OpaqueGrant } from './types.js';

/** A token the issuer vouches for: its claims (for introspection) and profile (for userinfo). */
export interface ActiveToken {
  readonly claims: Readonly<Record<string, unknown>>;
  readonly profile: Readonly<Record<string, unknown>>;
  /** The protected header of a JWT; absent for an opaque token. */
  readonly header?: Readonly<Record<string, unknown>>;
}

/** What the store needs from the running issuer. */
export interface TokenStoreContext {
  readonly profile: Profile;
  readonly keys: KeyStore;
  readonly now: () => number;
}

// Tokens are remembered only by their SHA-256, so the store never holds one in raw form.
function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Remembers opaque tokens with their grant and which tokens were revoked, and answers whether a
 * presented token (opaque, or a JWT minted here) is live.
 */
export class TokenStore {
  readonly #context: TokenStoreContext;
  readonly #opaque = new Map<string, ActiveToken>();
  readonly #revoked = new Set<string>();

  constructor(context: TokenStoreContext) {
    this.#context = context;
  }

  /** Issues a random opaque token: 32 random bytes, base64url (43 characters, no dots). */
  issueOpaque(grant: OpaqueGrant = {}): string {
    const expiresIn = grant.expiresIn ?? 3600;
    const iat = grant.iat ?? Math.floor(this.#context.now() / 1000);
    if (!Number.isFinite(expiresIn) || !Number.isFinite(iat)) {
      throw new TypeError('issueOpaqueToken() expiresIn and iat must be finite numbers of seconds');
    }
    const sub = grant.sub ?? 'user-123';
    const claims: Record<string, unknown> = {
      iss: this.#context.profile.issuer,
      sub,
      client_id: grant.clientId ?? 'demo-client',
      iat,
      exp: iat + expiresIn,
    };
    if (grant.scope !== undefined) claims.scope = grant.scope;
    if (grant.aud !== undefined) claims.aud = Array.isArray(grant.aud) ? [...grant.aud] : grant.aud;
    const cnf = confirmationClaim(grant);
    if (cnf !== undefined) claims.cnf = cnf;

    return this.register(claims, { sub, ...grant.profile });
  }

  /**
   * Remembers an opaque token for `claims` (introspection) and `profile` (userinfo); `claims.exp`
   * (seconds) is its expiry. The token is 32 random bytes, base64url, after the profile's prefix.
   */
  register(claims: Record<string, unknown>, profile: Record<string, unknown>): string {
    const token = `${this.#context.profile.opaquePrefix ?? ''}${randomBytes(32).toString('base64url')}`;
    this.#opaque.set(tokenHash(token), { claims, profile });
    return token;
  }

  /** Marks any token (opaque or JWT) as revoked; revoking an unknown token is harmless. */
  revoke(token: string): void {
    this.#revoked.add(tokenHash(token));
  }

  /** The live token behind `token`, or `undefined` if unknown, revoked, expired or not ours. */
  async resolve(token: string): Promise<ActiveToken | undefined> {
    const hash = tokenHash(token);
    if (this.#revoked.has(hash)) return undefined;
    const opaque = this.#opaque.get(hash);
    if (opaque !== undefined) {
      const exp = opaque.claims.exp as number;
      return this.#context.now() < exp * 1000 ? opaque : undefined;
    }
    return this.#verifyJwt(token);
  }

  /** A JWT counts only if one of the current keys verifies it, for our issuer, not expired. */
  async #verifyJwt(token: string): Promise<ActiveToken | undefined> {
    const { profile, keys, now } = this.#context;
    // One spelling per token (RFC 7515 §2): `token==` or a flipped spare bit must not dodge revocation.
    const canonical = token.split('.').every((part) => Buffer.from(part, 'base64url').toString('base64url') === part);
    if (!canonical) return undefined;
    const getKey = (header: JWSHeaderParameters) => {
      const key = keys.findByKid(header.kid);
      // The key decides the algorithm; a header alg that differs is refused (RFC 8725 §3.1).
      if (key === undefined || key.alg !== header.alg) throw new Error('no matching key');
      return key.publicKey;
    };
    try {
      const { payload, protectedHeader } = await jwtVerify(token, getKey, {
        algorithms: [...keys.algorithms],
        currentDate: new Date(now()),
      });
      // One issuer, or for Entra any tenant's: the profile knows its own identifiers.
      if (!profile.isIssuer(payload.iss)) return undefined;
      return { claims: payload, profile: { sub: payload.sub }, header: protectedHeader };
    } catch {
      return undefined;
    }
  }
}
