import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { CryptoKey, JWTHeaderParameters } from 'jose';
import { confirmationClaim } from './confirmation.js';
import type { KeyStore } from './key-store.js';
import type { ClaimInput, Profile, TokenKind } from './profiles/profile.js';
import type { TokenStore } from './token-store.js';
import type { MintOptions } from './types.js';

/** What minting needs from the running issuer. */
export interface MintContext {
  readonly profile: Profile;
  readonly keys: KeyStore;
  readonly now: () => number;
  /** Where opaque access tokens are remembered (Google's profile). */
  readonly tokens: TokenStore;
}

const KINDS: readonly TokenKind[] = ['access', 'm2m', 'id'];

/** The profile's input for this token, from the mint options; misuse is a `TypeError`. */
function claimInput(context: MintContext, options: MintOptions, iat: number): ClaimInput {
  const { profile } = context;
  const kind = options.kind ?? 'access';
  if (!KINDS.includes(kind)) throw new TypeError(`mint() options.kind must be one of ${KINDS.join(', ')}`);
  if (options.scopes !== undefined && !options.scopes.every((scope) => typeof scope === 'string')) {
    throw new TypeError('mint() options.scopes must be a list of strings');
  }
  if (profile.name !== 'entra' && (options.tenant !== undefined || options.version !== undefined)) {
    throw new TypeError("mint() options.tenant and options.version belong to the 'entra' profile");
  }
  const version = options.version ?? '2.0';
  if (version !== '1.0' && version !== '2.0') throw new TypeError("mint() options.version must be '1.0' or '2.0'");
  return {
    kind,
    issuer: profile.issuerFor(options.tenant, version),
    clientId: options.clientId,
    audience: options.audience,
    scopes: options.scopes,
    tenant: options.tenant,
    version,
    nonce: options.nonce,
    accessToken: options.accessToken,
    iat,
  };
}

/**
 * Builds the claims: defaults first, then every key of `claims`; a claim set to `undefined` is
 * removed, so a test can mint a token without `exp` or `iss`.
 */
function buildPayload(
  context: MintContext,
  claims: Record<string, unknown>,
  expiresIn: number,
  cnf: Record<string, string> | undefined,
  input: ClaimInput,
): Record<string, unknown> {
  const { iat } = input;
  // exp follows an overridden numeric iat, so `mint({ iat: past }, { expiresIn: 60 })` is expired.
  const base = typeof claims.iat === 'number' ? claims.iat : iat;
  const payload: Record<string, unknown> = {
    iss: input.issuer,
    sub: 'user-123',
    iat,
    exp: base + expiresIn,
    jti: randomUUID(),
    ...(cnf === undefined ? {} : { cnf }),
    // The provider's shape; undefined members remove a default (Entra has no jti).
    ...context.profile.claims(input),
    // Spread copies own keys as data properties, so a `__proto__` claim stays a plain claim.
    ...claims,
  };
  for (const name of Object.keys(payload)) {
    if (payload[name] === undefined) delete payload[name];
  }
  return payload;
}

/** Builds the protected header; `header` fields come last so they can set `kid`, `typ`, `crit`. */
function buildHeader(kid: string, alg: string, options: MintOptions, defaultTyp: string | null): JWTHeaderParameters {
  if (options.header !== undefined && 'alg' in options.header) {
    throw new TypeError('mint() options.header must not set alg; use options.alg, signWith or forge()');
  }
  const typ = options.typ === undefined ? defaultTyp : options.typ;
  return { alg, kid, ...(typ === null ? {} : { typ }), ...options.header };
}

/** Names in `crit` that jose must accept while signing (the token is meant to carry them). */
function recognizedCrit(header: JWTHeaderParameters): Record<string, boolean> | undefined {
  const crit: unknown = header.crit;
  if (!Array.isArray(crit)) return undefined;
  const names = crit.filter((name): name is string => typeof name === 'string');
  return Object.fromEntries(names.map((name) => [name, false]));
}

/**
 * Signs a JWT access token as the issuer (or, with `signWith`, as an attacker would).
 * Defaults: `iss` = issuer, `sub` = 'user-123', `iat` = now, `exp` = iat + 300, `jti` random,
 * header `typ: 'at+jwt'` (RFC 9068 §2.1). `aud` is never defaulted. A provider profile lays its
 * own claims and header `typ` over these defaults for each kind of token, and the caller's
 * claims come last; Google's access tokens come back opaque.
 */
export async function mintToken(
  context: MintContext,
  claims: Record<string, unknown> = {},
  options: MintOptions = {},
): Promise<string> {
  const input = claimInput(context, options, Math.floor(context.now() / 1000));
  const alg = options.alg ?? context.keys.defaultAlgorithm;
  const signWith = options.signWith ?? 'issuer';
  const expiresIn = options.expiresIn ?? 300;
  if (!Number.isFinite(expiresIn)) {
    throw new TypeError('mint() options.expiresIn must be a finite number of seconds');
  }
  const cnf = confirmationClaim(options);
  const payload = buildPayload(context, claims, expiresIn, cnf, input);
  if (context.profile.opaquePrefix !== undefined && input.kind !== 'id') {
    // Google's access tokens are opaque: remembered for tokeninfo, userinfo and revocation.
    const profile = { sub: payload.sub, email: payload.email, email_verified: payload.email_verified };
    return context.tokens.register(payload, profile);
  }
  const signingKey = context.keys.signingKey(alg);
  const kid = options.kid ?? signingKey.kid;

  let key: CryptoKey | Uint8Array;
  let headerAlg: string = alg;
  switch (signWith) {
    case 'issuer':
      key = signingKey.privateKey;
      break;
    case 'foreign-key':
      key = await context.keys.foreignKey(alg);
      break;
    case 'hs256-public-key':
      // The attack: a verifier that trusts the header's alg would HMAC-verify with this PEM text.
      key = await context.keys.publicKeyPemBytes(alg);
      headerAlg = 'HS256';
      break;
    default:
      throw new TypeError(`mint() options.signWith must be 'issuer', 'foreign-key' or 'hs256-public-key'`);
  }

  const header = buildHeader(kid, headerAlg, options, context.profile.headerTyp[input.kind]);
  const crit = recognizedCrit(header);
  return new SignJWT(payload).setProtectedHeader(header).sign(key, crit === undefined ? undefined : { crit });
}
