import { DpopNonces } from '../../src/dpop/nonce.js';

const SECRET = 'a-shared-secret-of-at-least-32-characters';
const T = 1_700_000_000_000;

describe('DpopNonces', () => {
  const nonces = new DpopNonces(SECRET, 300);

  it('accepts the nonce of this slot and of the previous one, from any instance with the secret', () => {
    const nonce = nonces.current(T);
    expect(new DpopNonces(SECRET, 300).accepts(nonce, T)).toBe(true);
    expect(nonces.accepts(nonce, T + 300_000)).toBe(true);
  });

  it('refuses a nonce two slots old, of another secret, or of no form', () => {
    expect(nonces.accepts(nonces.current(T), T + 600_000)).toBe(false);
    expect(nonces.accepts(new DpopNonces(`${SECRET}!`, 300).current(T), T)).toBe(false);
    for (const value of [undefined, 42, '', 'x'.repeat(200), `${nonces.current(T)}x`]) {
      expect(nonces.accepts(value, T)).toBe(false);
    }
  });

  it('gives the same nonce within a slot and a new one in the next', () => {
    expect(nonces.current(T)).toBe(nonces.current(T + 1));
    expect(nonces.current(T)).not.toBe(nonces.current(T + 300_000));
  });
});
