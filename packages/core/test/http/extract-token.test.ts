import { AccessGuardError, InvalidRequestError, InvalidTokenError, MissingTokenError } from '../../src/errors.js';
import { extractToken, type ExtractOptions, type TokenRequest } from '../../src/http/extract-token.js';

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

const disabled: ExtractOptions = { allowQueryToken: false, allowBodyToken: false, maxTokenLength: 8192 };
const enabled: ExtractOptions = { ...disabled, allowQueryToken: true, allowBodyToken: true };

function request(overrides: Partial<TokenRequest> = {}): TokenRequest {
  return { rawHeaders: [], method: 'GET', url: '/accounts', ...overrides };
}

function withAuthorization(value: string, overrides: Partial<TokenRequest> = {}): TokenRequest {
  return request({ rawHeaders: ['Host', 'api.example', 'Authorization', value], ...overrides });
}

/** Runs `extractToken` and returns the error it throws (fails the test if it does not throw). */
function failure(req: TokenRequest, options: ExtractOptions = disabled): AccessGuardError {
  try {
    extractToken(req, options);
  } catch (error) {
    if (error instanceof AccessGuardError) return error;
    throw error;
  }
  throw new Error('extractToken did not throw');
}

describe('extractToken', () => {
  describe('from the Authorization header', () => {
    it.each([['Bearer abc'], ['bearer abc'], ['BEARER abc'], ['bEaReR abc']])(
      'reads the token with the scheme spelled %j',
      (value) => {
        expect(extractToken(withAuthorization(value), disabled)).toMatchObject({ token: 'abc', source: 'header' });
      },
    );

    it.each([
      ['one space', 'Bearer abc'],
      ['two spaces', 'Bearer  abc'],
      ['five spaces', 'Bearer     abc'],
    ])('accepts %s after the scheme', (_name, value) => {
      expect(extractToken(withAuthorization(value), disabled).token).toBe('abc');
    });

    it.each([
      ['all b64token characters', 'AZaz09-._~+/'],
      ['a trailing =', 'abc='],
      ['several trailing =', 'abc=='],
      ['a JWS compact serialization', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'],
      ['a Google-style opaque token', 'ya29.a0AfH6SMB-x_y~z'],
    ])('accepts a token made of %s', (_name, token) => {
      expect(extractToken(withAuthorization(`Bearer ${token}`), disabled)).toMatchObject({ token, source: 'header' });
    });

    it.each([
      ['a space inside', 'Bearer abc def'],
      ['a trailing space', 'Bearer abc '],
      ['a comma', 'Bearer abc,def'],
      ['a double quote', 'Bearer "abc"'],
      ['a non-ASCII letter', 'Bearer abcé'],
      ['an emoji', 'Bearer abc\u{1F600}'],
      ['an = in the middle', 'Bearer ab=c'],
      ['a leading =', 'Bearer =abc'],
      ['a tab', 'Bearer abc\tdef'],
      ['a colon', 'Bearer abc:def'],
    ])('rejects a token with %s as 401 invalid_token', (_name, value) => {
      const error = failure(withAuthorization(value));
      expect(error).toBeInstanceOf(InvalidTokenError);
      expect(error.status).toBe(401);
      expect(error.error).toBe('invalid_token');
      expect(error.message).toBe('The access token is malformed');
    });

    it.each([['Bearer'], ['Bearer '], ['Bearer    '], ['bearer']])(
      'rejects %j (the scheme with no token) as InvalidTokenError',
      (value) => {
        const error = failure(withAuthorization(value));
        expect(error).toBeInstanceOf(InvalidTokenError);
        expect(error.message).toBe('The access token is missing or malformed');
      },
    );

    it.each([
      ['Basic', 'Basic dXNlcjpwYXNz'],
      ['Digest', 'Digest username="x"'],
      ['a scheme that only starts with Bearer', 'Bearerabc'],
      ['an empty value', ''],
    ])('treats %s credentials as missing (401 without error)', (_name, value) => {
      const error = failure(withAuthorization(value));
      expect(error).toBeInstanceOf(MissingTokenError);
      expect(error.status).toBe(401);
      expect(error.error).toBeUndefined();
      expect(error.headers).toEqual({ 'WWW-Authenticate': 'Bearer realm="api"' });
    });

    it('reads a header name in any case', () => {
      const req = request({ rawHeaders: ['authorization', 'Bearer abc'] });
      expect(extractToken(req, disabled)).toMatchObject({ token: 'abc', source: 'header' });
    });

    it('treats an Authorization name without a value (odd-length rawHeaders) as missing credentials', () => {
      expect(failure(request({ rawHeaders: ['Accept', '*/*', 'Authorization'] }))).toBeInstanceOf(MissingTokenError);
    });

    it('ignores headers whose name merely contains Authorization', () => {
      const req = request({ rawHeaders: ['Proxy-Authorization', 'Bearer abc', 'X-Authorization', 'Bearer def'] });
      expect(failure(req)).toBeInstanceOf(MissingTokenError);
    });
  });

  describe('without credentials', () => {
    it('throws MissingTokenError with a realm-only challenge when nothing is sent', () => {
      const error = failure(request());
      expect(error).toBeInstanceOf(MissingTokenError);
      expect(error.status).toBe(401);
      expect(error.headers).toEqual({ 'WWW-Authenticate': 'Bearer realm="api"' });
    });
  });

  describe('with more than one Authorization header', () => {
    it.each([
      ['Authorization', 'Authorization'],
      ['authorization', 'AUTHORIZATION'],
      ['Authorization', 'aUtHoRiZaTiOn'],
    ])('rejects two headers named %s and %s with 400 invalid_request', (first, second) => {
      const req = request({ rawHeaders: [first, 'Bearer abc', 'Accept', '*/*', second, 'Bearer def'] });
      const error = failure(req);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error.status).toBe(400);
      expect(error.error).toBe('invalid_request');
      expect(error.message).toBe('The request has more than one Authorization header');
    });

    it('rejects a Bearer header next to a Basic header with 400 invalid_request', () => {
      const req = request({ rawHeaders: ['Authorization', 'Basic dXNlcjpwYXNz', 'Authorization', 'Bearer abc'] });
      expect(failure(req)).toBeInstanceOf(InvalidRequestError);
    });

    it('rejects the same token sent twice with 400 invalid_request', () => {
      const req = request({ rawHeaders: ['Authorization', 'Bearer abc', 'Authorization', 'Bearer abc'] });
      expect(failure(req)).toBeInstanceOf(InvalidRequestError);
    });
  });

  describe('from the query', () => {
    it('treats a query token as missing when query tokens are disabled', () => {
      const error = failure(request({ url: '/accounts?access_token=abc' }));
      expect(error).toBeInstanceOf(MissingTokenError);
      expect(error.status).toBe(401);
    });

    it('reads a query token when query tokens are enabled', () => {
      expect(extractToken(request({ url: '/accounts?x=1&access_token=abc' }), enabled)).toMatchObject({
        token: 'abc',
        source: 'query',
      });
    });

    it('decodes a percent-encoded query token', () => {
      expect(extractToken(request({ url: '/accounts?access_token=a%2Bb%3D' }), enabled).token).toBe('a+b=');
    });

    it('ignores parameters that merely contain access_token in their name', () => {
      const error = failure(request({ url: '/accounts?my_access_token=abc' }), enabled);
      expect(error).toBeInstanceOf(MissingTokenError);
    });

    it.each([
      ['disabled', disabled],
      ['enabled', enabled],
    ])('rejects the header together with ?access_token= with 400 when query tokens are %s', (_name, options) => {
      const error = failure(withAuthorization('Bearer abc', { url: '/accounts?access_token=abc' }), options);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error.status).toBe(400);
      expect(error.message).toBe('The request uses more than one method to send the access token');
    });

    it('rejects the header together with an empty ?access_token= with 400', () => {
      const error = failure(withAuthorization('Bearer abc', { url: '/accounts?access_token=' }));
      expect(error).toBeInstanceOf(InvalidRequestError);
    });

    it.each([
      ['disabled', disabled],
      ['enabled', enabled],
    ])('rejects a repeated access_token parameter with 400 when query tokens are %s', (_name, options) => {
      const error = failure(request({ url: '/accounts?access_token=abc&access_token=def' }), options);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error.message).toBe('The request repeats the access_token parameter');
    });

    it('rejects an empty query token as invalid_token when query tokens are enabled', () => {
      const error = failure(request({ url: '/accounts?access_token=' }), enabled);
      expect(error).toBeInstanceOf(InvalidTokenError);
    });

    it("rejects a query token whose '+' decodes to a space as invalid_token", () => {
      const error = failure(request({ url: '/accounts?access_token=a+b' }), enabled);
      expect(error).toBeInstanceOf(InvalidTokenError);
    });

    // RFC 6750 §2.3 / application/x-www-form-urlencoded: a percent-encoded name is the same parameter.
    it('rejects the header together with a percent-encoded access_token parameter with 400', () => {
      const error = failure(withAuthorization('Bearer abc', { url: '/accounts?access%5Ftoken=abc' }));
      expect(error).toBeInstanceOf(InvalidRequestError);
    });

    it('reads a query token whose parameter name is percent-encoded when query tokens are enabled', () => {
      expect(extractToken(request({ url: '/accounts?access%5Ftoken=abc' }), enabled)).toMatchObject({
        token: 'abc',
        source: 'query',
      });
    });
  });

  describe('from the form body', () => {
    function formPost(body: unknown, overrides: Partial<TokenRequest> = {}): TokenRequest {
      return request({ method: 'POST', contentType: FORM, body, ...overrides });
    }

    it('treats a body token as missing when body tokens are disabled', () => {
      expect(failure(formPost({ access_token: 'abc' }))).toBeInstanceOf(MissingTokenError);
    });

    it('reads a body token from a urlencoded POST when body tokens are enabled', () => {
      expect(extractToken(formPost({ access_token: 'abc' }), enabled)).toMatchObject({ token: 'abc', source: 'body' });
    });

    it('reads a body token when the content type has no parameters', () => {
      const req = formPost({ access_token: 'abc' }, { contentType: 'application/x-www-form-urlencoded' });
      expect(extractToken(req, enabled).source).toBe('body');
    });

    it('reads a body token when the content type is in upper case', () => {
      const req = formPost({ access_token: 'abc' }, { contentType: 'Application/X-WWW-Form-URLEncoded;charset=UTF-8' });
      expect(extractToken(req, enabled).source).toBe('body');
    });

    it.each([
      ['disabled', disabled],
      ['enabled', enabled],
    ])('rejects the header together with a form-body token with 400 when body tokens are %s', (_name, options) => {
      const req = withAuthorization('Bearer abc', { method: 'POST', contentType: FORM, body: { access_token: 'abc' } });
      const error = failure(req, options);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error.status).toBe(400);
      expect(error.message).toBe('The request uses more than one method to send the access token');
    });

    it('rejects a query token together with a body token with 400', () => {
      const error = failure(formPost({ access_token: 'abc' }, { url: '/accounts?access_token=abc' }), enabled);
      expect(error).toBeInstanceOf(InvalidRequestError);
    });

    it('ignores a body token on GET', () => {
      const req = request({ method: 'GET', contentType: FORM, body: { access_token: 'abc' } });
      expect(failure(req, enabled)).toBeInstanceOf(MissingTokenError);
    });

    it('ignores a body token on GET when a header is present', () => {
      const req = withAuthorization('Bearer abc', { method: 'GET', contentType: FORM, body: { access_token: 'def' } });
      expect(extractToken(req, enabled)).toMatchObject({ token: 'abc', source: 'header' });
    });

    it.each([['application/json'], ['multipart/form-data; boundary=x'], ['application/x-www-form-urlencodedx']])(
      'ignores an access_token in a %s body',
      (contentType) => {
        expect(failure(formPost({ access_token: 'abc' }, { contentType }), enabled)).toBeInstanceOf(MissingTokenError);
      },
    );

    it('ignores a JSON body with access_token next to a header', () => {
      const req = withAuthorization('Bearer abc', {
        method: 'POST',
        contentType: 'application/json',
        body: { access_token: 'def' },
      });
      expect(extractToken(req, disabled)).toMatchObject({ token: 'abc', source: 'header' });
    });

    it('ignores a body without a content type', () => {
      const req = request({ method: 'POST', body: { access_token: 'abc' } });
      expect(failure(req, enabled)).toBeInstanceOf(MissingTokenError);
    });

    it('ignores an inherited access_token property', () => {
      const body: unknown = Object.create({ access_token: 'abc' });
      expect(failure(formPost(body), enabled)).toBeInstanceOf(MissingTokenError);
    });

    it.each([
      ['disabled', disabled],
      ['enabled', enabled],
    ])('rejects an array of body tokens with 400 when body tokens are %s', (_name, options) => {
      const error = failure(formPost({ access_token: ['abc', 'def'] }), options);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error.message).toBe('The request repeats the access_token parameter');
    });

    it.each([
      ['a number', 42],
      ['an object', { nested: 'abc' }],
      ['null', null],
    ])('rejects %s as a body token with invalid_token', (_name, value) => {
      const error = failure(formPost({ access_token: value }), enabled);
      expect(error).toBeInstanceOf(InvalidTokenError);
      expect(error.message).toBe('The access token is missing or malformed');
    });
  });

  describe('length limit', () => {
    const small: ExtractOptions = { ...enabled, maxTokenLength: 16 };

    it('accepts a token of exactly maxTokenLength characters', () => {
      expect(extractToken(withAuthorization(`Bearer ${'a'.repeat(16)}`), small).token).toHaveLength(16);
    });

    it.each([
      ['header', withAuthorization(`Bearer ${'a'.repeat(17)}`)],
      ['query', request({ url: `/accounts?access_token=${'a'.repeat(17)}` })],
      ['body', request({ method: 'POST', contentType: FORM, body: { access_token: 'a'.repeat(17) } })],
    ])('rejects a %s token longer than maxTokenLength as invalid_token', (_name, req) => {
      const error = failure(req, small);
      expect(error).toBeInstanceOf(InvalidTokenError);
      expect(error.message).toBe('The access token is too long');
    });

    it('checks the length before the character set', () => {
      expect(failure(withAuthorization(`Bearer ${'"'.repeat(17)}`), small).message).toBe(
        'The access token is too long',
      );
    });
  });

  describe('runtime-neutral repeats', () => {
    it('refuses a Bearer value that joins two credentials with ", " (a Fetch API Headers object)', () => {
      expect(failure(withAuthorization('Bearer abc, Bearer def'))).toBeInstanceOf(InvalidRequestError);
      expect(failure(withAuthorization('Bearer abc, Basic Zm9v'))).toBeInstanceOf(InvalidRequestError);
    });

    it('leaves a comma-separated value of another scheme (Digest) a missing Bearer token', () => {
      expect(failure(withAuthorization('Digest username="a", realm="b"'))).toBeInstanceOf(MissingTokenError);
    });

    it('refuses a form-body token on HEAD as on GET, even when body tokens are enabled', () => {
      const error = failure(request({ method: 'HEAD', body: { access_token: 'abc' }, contentType: FORM }), enabled);
      expect(error).toBeInstanceOf(MissingTokenError);
    });
  });

  describe('a named cookie or header', () => {
    const cookie: ExtractOptions = { ...disabled, tokenCookie: 'access_token' };
    const custom: ExtractOptions = { ...disabled, tokenHeader: 'X-Access-Token' };

    it('reads the token from the named cookie among others', () => {
      const req = request({ rawHeaders: ['Cookie', 'theme=dark; access_token=abc; lang=en'] });
      expect(extractToken(req, cookie)).toMatchObject({ token: 'abc', source: 'cookie', scheme: 'Bearer' });
    });

    it('reads the named cookie across several Cookie headers, and answers 400 when it is there twice', () => {
      const twice = request({ rawHeaders: ['Cookie', 'access_token=abc', 'Cookie', 'access_token=def'] });
      expect(failure(twice, cookie)).toBeInstanceOf(InvalidRequestError);
    });

    it('ignores the cookie when no cookie is configured', () => {
      const req = request({ rawHeaders: ['Cookie', 'access_token=abc'] });
      expect(failure(req)).toBeInstanceOf(MissingTokenError);
    });

    it('answers 400 to a cookie token and a header token together', () => {
      const req = withAuthorization('Bearer abc', {
        rawHeaders: ['Authorization', 'Bearer abc', 'Cookie', 'access_token=abc'],
      });
      expect(failure(req, cookie)).toBeInstanceOf(InvalidRequestError);
    });

    it('reads the token from the named header, in any case, as it is', () => {
      const req = request({ rawHeaders: ['x-access-token', 'abc'] });
      expect(extractToken(req, custom)).toMatchObject({ token: 'abc', source: 'header' });
    });

    it('answers 400 to the named header twice, or with an Authorization header', () => {
      expect(failure(request({ rawHeaders: ['X-Access-Token', 'a', 'X-Access-Token', 'b'] }), custom)).toBeInstanceOf(
        InvalidRequestError,
      );
      expect(
        failure(request({ rawHeaders: ['X-Access-Token', 'a', 'Authorization', 'Bearer b'] }), custom),
      ).toBeInstanceOf(InvalidRequestError);
    });

    it('checks a cookie or header token like any other (b64token)', () => {
      expect(failure(request({ rawHeaders: ['Cookie', 'access_token=a b'] }), cookie)).toBeInstanceOf(
        InvalidTokenError,
      );
    });
  });

  describe('the DPoP scheme', () => {
    const dpop: ExtractOptions = { ...disabled, dpop: true };

    it('reads a DPoP token and its one proof', () => {
      const req = request({ rawHeaders: ['Authorization', 'DPoP abc', 'DPoP', 'p.r.oof'] });
      expect(extractToken(req, dpop)).toEqual({ token: 'abc', source: 'header', scheme: 'DPoP', proof: 'p.r.oof' });
    });

    it('reads a DPoP token without a proof (refused later, as invalid_dpop_proof)', () => {
      expect(extractToken(withAuthorization('dpop abc'), dpop)).toMatchObject({ scheme: 'DPoP', proof: undefined });
    });

    it('treats the DPoP scheme as another scheme when DPoP is off', () => {
      expect(failure(withAuthorization('DPoP abc'))).toBeInstanceOf(MissingTokenError);
    });

    it.each([
      ['two DPoP headers', ['Authorization', 'DPoP abc', 'DPoP', 'a.b.c', 'DPoP', 'd.e.f']],
      ['two proofs joined in one header', ['Authorization', 'DPoP abc', 'DPoP', 'a.b.c, d.e.f']],
      ['a proof with the Bearer scheme', ['Authorization', 'Bearer abc', 'DPoP', 'a.b.c']],
      ['a proof with no Authorization', ['DPoP', 'a.b.c']],
    ])('answers 400 to %s', (_label, rawHeaders) => {
      expect(failure(request({ rawHeaders }), dpop)).toBeInstanceOf(InvalidRequestError);
    });
  });
});
