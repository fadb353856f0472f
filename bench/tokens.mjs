// Starts the local issuer in the runner process and mints every token the modes send.
import { generateDpopKey, startLocalIssuer } from '@access-guard/testing';
import { AUDIENCE, DISTINCT_TOKENS, TOKEN_LIFETIME_SECONDS } from './config.mjs';

const CLOSE_TIMEOUT_MS = 3_000;

/** Mints `count` tokens with at most `batch` signatures in flight. */
async function mintMany(issuer, count, claimsOf, options, batch = 64) {
  const tokens = [];
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    tokens.push(
      ...(await Promise.all(Array.from({ length: size }, (_, i) => issuer.mint(claimsOf(start + i), options)))),
    );
  }
  return tokens;
}

/**
 * Starts the issuer and mints: one RS256 and one ES256 token (scope bench:read), `DISTINCT_TOKENS`
 * RS256 tokens (each its own sub and jti), one under-scoped token for /write (bench:read only) and
 * one opaque token known to introspection, and a DPoP-bound token with its key. Resolves { issuer, audience, tokens, close() }.
 */
export async function startIssuerWithTokens() {
  const issuer = await startLocalIssuer();
  const base = { aud: AUDIENCE, scope: 'bench:read' };
  const options = { expiresIn: TOKEN_LIFETIME_SECONDS };
  const [rs256, es256, underscoped] = await Promise.all([
    issuer.mint({ ...base, sub: 'bench-user' }, { ...options, alg: 'RS256' }),
    issuer.mint({ ...base, sub: 'bench-user' }, { ...options, alg: 'ES256' }),
    issuer.mint({ ...base, sub: 'bench-reader' }, { ...options, alg: 'RS256' }),
  ]);
  const distinct = await mintMany(issuer, DISTINCT_TOKENS, (i) => ({ ...base, sub: `bench-user-${i}` }), {
    ...options,
    alg: 'RS256',
  });
  if (new Set(distinct).size !== distinct.length) throw new Error('the distinct tokens are not distinct');
  // A DPoP-bound token (cnf.jkt) and the client key its proofs are signed with (ES256, the default).
  const dpopKey = await generateDpopKey();
  const dpop = {
    key: dpopKey,
    token: await issuer.mint({ ...base, sub: 'bench-dpop' }, { ...options, alg: 'RS256', dpop: dpopKey }),
  };
  const opaque = issuer.issueOpaqueToken({ aud: AUDIENCE, scope: 'bench:read', expiresIn: TOKEN_LIFETIME_SECONDS });
  return {
    issuer: issuer.issuer,
    audience: AUDIENCE,
    tokens: { rs256, es256, underscoped, distinct, opaque, dpop },
    counts: () => issuer.counts,
    // Bounded: a keep-alive socket from a child that is already gone must not hold the exit.
    close: () =>
      Promise.race([issuer.close(), new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref())]),
  };
}
