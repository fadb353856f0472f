import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { createAuthenticator } from '../../src/authenticator.js';
import { explainToken, type ExplainCheck, type TokenExplanation } from '../../src/explain/explain-token.js';
import type { AuthOptions } from '../../src/options.js';

const AUDIENCE = 'https://api.explain.test';
let issuer: LocalIssuer;
// Whole seconds, so that the times the checks print are exact.
const clock = { ms: Math.floor(Date.now() / 1000) * 1000 };
beforeAll(async () => {
  issuer = await startLocalIssuer({ now: () => clock.ms });
});
afterAll(() => issuer.close());

const options = (extra: Partial<AuthOptions> = {}): AuthOptions => ({
  issuer: issuer.issuer,
  audience: AUDIENCE,
  now: () => clock.ms,
  ...extra,
});

/** The explanation, checked against the verdict of a real authenticator built the same way. */
async function explain(token: string, extra: Partial<AuthOptions> = {}): Promise<TokenExplanation> {
  const explanation = await explainToken(token, options(extra));
  const accepted = await createAuthenticator({ ...options(extra), onEvent: () => undefined })
    .verifyToken(token)
    .then(
      () => true,
      () => false,
    );
  if (!explanation.checks.some((check) => check.name === 'binding' && check.status === 'skip')) {
    expect(explanation.ok).toBe(accepted);
  }
  // The token itself is never part of the explanation.
  expect(JSON.stringify(explanation)).not.toContain(token);
  return explanation;
}

const check = (explanation: TokenExplanation, name: ExplainCheck['name']): ExplainCheck => {
  const found = explanation.checks.find((each) => each.name === name);
  if (found === undefined) throw new Error(`no ${name} check in ${JSON.stringify(explanation.checks)}`);
  return found;
};
const failing = (explanation: TokenExplanation) =>
  explanation.checks.filter((each) => each.status === 'fail').map((each) => each.name);

describe('explainToken', () => {
  it('passes every check of a good token, ending with the verdict', async () => {
    const explanation = await explain(await issuer.mint({ aud: AUDIENCE }), { maxTokenAge: 60, maxTokenLifetime: 600 });
    expect(explanation.ok).toBe(true);
    expect(explanation.checks.map((each) => [each.name, each.status])).toEqual([
      ['syntax', 'pass'],
      ['format', 'pass'],
      ['claims', 'pass'],
      ['alg', 'pass'],
      ['header', 'pass'],
      ['typ', 'pass'],
      ['key', 'pass'],
      ['signature', 'pass'],
      ['iss', 'pass'],
      ['idToken', 'pass'],
      ['aud', 'pass'],
      ['exp', 'pass'],
      ['nbf', 'pass'],
      ['iat', 'pass'],
      ['maxTokenAge', 'pass'],
      ['maxTokenLifetime', 'pass'],
      ['binding', 'pass'],
      ['verdict', 'pass'],
    ]);
    expect(explanation.checks.every((each) => each.ok)).toBe(true);
    expect(check(explanation, 'exp').detail).toMatch(/^expires \d{4}-\d\d-\d\dT.*, in 300 s \(clock tolerance 5 s\)$/);
    expect(check(explanation, 'key').detail).toContain(`found in the JWKS of ${issuer.issuer}`);
  });

  it('names exp for an expired token, with how long ago and the clock tolerance', async () => {
    const token = await issuer.mint({ aud: AUDIENCE, iat: Math.floor(clock.ms / 1000) - 600 }, { expiresIn: 300 });
    const explanation = await explain(token);
    expect(explanation.ok).toBe(false);
    expect(failing(explanation)).toEqual(['exp', 'verdict']);
    expect(check(explanation, 'exp')).toMatchObject({ reason: 'expired', ok: false });
    expect(check(explanation, 'exp').detail).toMatch(/expired 30\d s ago \(clock tolerance 5 s\)/);
  });

  it('names aud for a wrong audience, expected against actual', async () => {
    const explanation = await explain(await issuer.mint({ aud: 'https://other-api.test' }));
    expect(failing(explanation)).toEqual(['aud', 'verdict']);
    expect(check(explanation, 'aud')).toMatchObject({ reason: 'wrong_audience' });
    expect(check(explanation, 'aud').detail).toContain(
      'expected one of ["https://api.explain.test"], actual "https://other-api.test"',
    );
    expect(check(explanation, 'verdict').detail).toContain('refused: The access token has an unacceptable aud claim');
  });

  it('names iss for a wrong issuer, and still checks the signature with the configured issuer', async () => {
    const explanation = await explain(await issuer.mint({ aud: AUDIENCE, iss: 'https://elsewhere.test/' }));
    expect(failing(explanation)).toEqual(['iss', 'verdict']);
    expect(check(explanation, 'iss').detail).toContain(
      `expected ${JSON.stringify(issuer.issuer)}, actual "https://elsewhere.test/"`,
    );
    expect(check(explanation, 'signature').status).toBe('pass');
  });

  it('points out an issuer that differs only by a trailing slash', async () => {
    const explanation = await explain(await issuer.mint({ aud: AUDIENCE, iss: `${issuer.issuer}/` }));
    expect(check(explanation, 'iss').detail).toContain('differ by a trailing slash');
  });

  it('names idToken for an ID token, and aud against the clients an API accepts', async () => {
    const idToken = await explain(await issuer.mint({ aud: AUDIENCE, nonce: 'n-1' }));
    expect(failing(idToken)).toEqual(['idToken', 'verdict']);
    expect(check(idToken, 'idToken')).toMatchObject({ reason: 'id_token' });
    const byClient = await explain(await issuer.mint({ aud: 'https://other.test', client_id: 'spa' }), {
      clientIds: ['spa'],
    });
    expect(check(byClient, 'aud').detail).toContain('(or a client of ["spa"])');
    expect(byClient.ok).toBe(true);
  });

  it('names alg for an algorithm outside the allowlist and still explains the rest', async () => {
    const explanation = await explain(await issuer.mint({ aud: 'https://other-api.test' }), { algorithms: ['ES256'] });
    expect(failing(explanation)).toEqual(['alg', 'aud', 'verdict']);
    expect(check(explanation, 'alg').detail).toContain('expected one of ES256, actual "RS256"');
    expect([check(explanation, 'key').status, check(explanation, 'signature').status]).toEqual(['skip', 'skip']);
    expect(check(explanation, 'aud').detail).toContain('(unverified: the signature did not hold)');
  });

  it('names alg and header when both are wrong', async () => {
    const token = await issuer.mint({ aud: AUDIENCE }, { header: { jku: 'https://evil.test/jwks' } });
    const explanation = await explain(token, { algorithms: ['ES256'] });
    expect(failing(explanation)).toEqual(['alg', 'header', 'verdict']);
    expect(check(explanation, 'typ').status).toBe('skip');
  });

  it('names typ for a JWT typ in strict mode, with the fix', async () => {
    const explanation = await explain(await issuer.mint({ aud: AUDIENCE }, { typ: 'JWT' }), { typ: 'strict' });
    expect(failing(explanation)).toEqual(['typ', 'verdict']);
    expect(check(explanation, 'typ')).toMatchObject({ reason: 'wrong_typ' });
    expect(check(explanation, 'typ').detail).toContain("set typ: 'compatible'");
  });

  it('names typ under a refused algorithm too', async () => {
    const token = await issuer.mint({ aud: AUDIENCE }, { typ: 'JWT' });
    const explanation = await explain(token, { typ: 'strict', algorithms: ['ES256'] });
    expect(failing(explanation)).toEqual(['alg', 'typ', 'verdict']);
  });

  it('names header for a key pointer, and says typ was not checked', async () => {
    const token = await issuer.mint({ aud: AUDIENCE }, { header: { x5u: 'https://evil.test/cert' } });
    const explanation = await explain(token);
    expect(failing(explanation)).toEqual(['header', 'verdict']);
    expect(check(explanation, 'header')).toMatchObject({ reason: 'foreign_key_reference' });
    expect(check(explanation, 'typ').status).toBe('skip');
  });

  it('names key for a kid the JWKS does not hold, and skips the signature', async () => {
    const explanation = await explain(await issuer.mint({ aud: AUDIENCE }, { kid: 'retired-key' }));
    expect(failing(explanation)).toEqual(['key', 'verdict']);
    expect(check(explanation, 'key').detail).toContain('kid "retired-key", alg RS256: no such key');
    expect(check(explanation, 'signature').status).toBe('skip');
  });

  it('finds the key of a token without kid by its algorithm, and accepts a token without typ', async () => {
    const now = Math.floor(clock.ms / 1000);
    const payload = { iss: issuer.issuer, aud: AUDIENCE, iat: now, exp: now + 60 };
    const explanation = await explain(await issuer.forge({ header: { alg: 'RS256' }, payload }));
    expect(check(explanation, 'key').detail).toBe(`no kid, alg RS256: found in the JWKS of ${issuer.issuer}`);
    expect(check(explanation, 'typ').detail).toBe("no typ is accepted (typ: 'compatible')");
    expect(explanation.ok).toBe(true);
  });

  it('names signature for a token signed by another key under the real kid', async () => {
    const explanation = await explain(await issuer.mint({ aud: AUDIENCE }, { signWith: 'foreign-key' }));
    expect(failing(explanation)).toEqual(['signature', 'verdict']);
    expect(check(explanation, 'signature')).toMatchObject({ reason: 'bad_signature' });
    expect(check(explanation, 'iss').detail).toContain('(unverified');
  });

  it('names nbf and iat in the future, and the lifetime policies', async () => {
    const now = Math.floor(clock.ms / 1000);
    const token = await issuer.mint({ aud: AUDIENCE, nbf: now + 600, iat: now + 600, exp: now + 7200 });
    const explanation = await explain(token, { maxTokenAge: 60, maxTokenLifetime: 600 });
    expect(failing(explanation)).toEqual(['nbf', 'iat', 'maxTokenLifetime', 'verdict']);
    expect(check(explanation, 'nbf').detail).toContain('valid in 600 s');
    expect(check(explanation, 'maxTokenLifetime').detail).toContain('expected exp - iat at most 600 s, actual 6600 s');
  });

  it('names maxTokenAge for an old token, and reports tokens without nbf or iat', async () => {
    const now = Math.floor(clock.ms / 1000);
    const old = await issuer.mint({ aud: AUDIENCE, iat: now - 120 }, { expiresIn: 3600 });
    expect(failing(await explain(old, { maxTokenAge: 60 }))).toEqual(['maxTokenAge', 'verdict']);
    const bare = await issuer.mint({ aud: AUDIENCE, iat: undefined, exp: now + 60 });
    const explanation = await explain(bare, { maxTokenAge: 60, maxTokenLifetime: 600 });
    expect(check(explanation, 'iat').detail).toBe('no iat claim');
    expect(check(explanation, 'nbf').detail).toBe('no nbf claim');
    expect(check(explanation, 'maxTokenAge')).toMatchObject({ status: 'fail', reason: 'missing_iat' });
    expect(check(explanation, 'maxTokenLifetime')).toMatchObject({ status: 'fail', reason: 'missing_iat' });
  });

  it('names exp for a token without one, or with a string', async () => {
    const missing = await explain(await issuer.mint({ aud: AUDIENCE, exp: undefined }));
    expect(check(missing, 'exp')).toMatchObject({ status: 'fail', reason: 'missing_exp' });
    const text = await explain(await issuer.mint({ aud: AUDIENCE, exp: 'tomorrow' }));
    expect(check(text, 'exp')).toMatchObject({ status: 'fail', reason: 'bad_date' });
    expect(check(text, 'exp').detail).toContain('"tomorrow"');
  });

  it('stops at syntax for a token that is not a b64token', async () => {
    const explanation = await explain('not a token');
    expect(explanation.checks.map((each) => each.name)).toEqual(['syntax', 'verdict']);
    expect(failing(explanation)).toEqual(['syntax', 'verdict']);
  });

  it('stops at format for an encrypted token, an oversized header and a non-canonical spelling', async () => {
    const jwe = `${Buffer.from('{"alg":"RSA-OAEP","enc":"A256GCM"}').toString('base64url')}.a.b.c.d`;
    expect(check(await explain(jwe), 'format')).toMatchObject({ status: 'fail', reason: 'encrypted' });
    const big = `${Buffer.from(JSON.stringify({ alg: 'RS256', pad: 'x'.repeat(1200) })).toString('base64url')}.e30.sig`;
    expect(check(await explain(big), 'format')).toMatchObject({ status: 'fail', reason: 'header_too_large' });
    // Decoders accept padding; only the one canonical spelling of a token is verified.
    const padded = `${await issuer.mint({ aud: AUDIENCE })}=`;
    expect(check(await explain(padded), 'format')).toMatchObject({ status: 'fail', reason: 'malformed' });
  });

  it('stops at claims when the payload is not a JSON object', async () => {
    const token = await issuer.forge({ header: { alg: 'RS256', kid: issuer.currentKid() }, payload: '[1,2]' });
    const explanation = await explain(token);
    expect(failing(explanation)).toEqual(['claims', 'verdict']);
  });

  it('refuses an opaque token at format unless opaque tokens are configured', async () => {
    const opaque = issuer.issueOpaqueToken({ aud: AUDIENCE, scope: 'read' });
    const refused = await explain(opaque);
    expect(check(refused, 'format')).toMatchObject({ status: 'fail', reason: 'not_a_jwt' });
    const introspection = {
      opaqueTokens: { via: 'introspection', clientId: 'resource-server', clientSecret: 'resource-server-secret' },
    } as const;
    const accepted = await explain(opaque, introspection);
    expect(check(accepted, 'format').detail).toContain("the issuer's introspection endpoint decides");
    expect(accepted.ok).toBe(true);
  });

  it('says a DPoP-bound token is valid with its proof, which each request must carry', async () => {
    const token = await issuer.mint({ aud: AUDIENCE, cnf: { jkt: 'x'.repeat(43), 'x5t#S256': 'y'.repeat(43) } });
    const explanation = await explain(token);
    expect(check(explanation, 'binding')).toMatchObject({ status: 'skip' });
    expect(check(explanation, 'binding').detail).toContain('a DPoP key');
    expect(check(explanation, 'binding').detail).toContain('a client certificate');
    expect(check(explanation, 'verdict').detail).toContain('accepted with its proof');
    expect(explanation.ok).toBe(true);
    const odd = await explain(await issuer.mint({ aud: AUDIENCE, cnf: {} }));
    expect(check(odd, 'binding').detail).toContain('an unknown confirmation method');
  });

  it("names key when the issuer's keys cannot be fetched", async () => {
    issuer.setFault('jwks', { status: 503 });
    try {
      const explanation = await explain(await issuer.mint({ aud: AUDIENCE }));
      expect(failing(explanation)).toEqual(['key', 'verdict']);
      expect(check(explanation, 'key').detail).toContain('HTTP 503');
      expect(check(explanation, 'signature').detail).toContain("the issuer's keys could not be fetched");
    } finally {
      issuer.setFault('jwks', null);
    }
  });

  it('gives a short SHA-256 prefix instead of the token', async () => {
    const token = await issuer.mint({ aud: AUDIENCE });
    const { tokenSha256 } = await explain(token);
    const { createHash } = await import('node:crypto');
    expect(tokenSha256).toBe(createHash('sha256').update(token).digest('hex').slice(0, 12));
  });

  it('throws the option check of requireAuth for bad options', async () => {
    await expect(explainToken('a.b.c', { issuer: issuer.issuer } as AuthOptions)).rejects.toThrow(
      '`audience` is required',
    );
  });
});
