import { MissingTokenError } from '../src/errors.js';
import type { AuthResult } from '../src/types.js';
import { userinfoOf } from '../src/userinfo-of.js';

describe('userinfoOf', () => {
  it('fails closed with 401 when requireAuth did not run', async () => {
    await expect(userinfoOf(undefined)).rejects.toBeInstanceOf(MissingTokenError);
  });

  it('fails closed with 401 for a result that requireAuth did not produce', async () => {
    const forged = { token: 't', format: 'jwt', header: { alg: 'RS256' }, payload: {}, scopes: [] } as AuthResult;
    await expect(userinfoOf(forged)).rejects.toThrow('requireAuth must run before attachUserinfo');
  });
});
