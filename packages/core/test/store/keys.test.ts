import { entryKey } from '../../src/store/keys.js';

describe('entryKey', () => {
  it('puts the kind first, then the scope, then the hash', () => {
    expect(entryKey('verdict', 'h4sh')).toBe('verdict\nh4sh');
    expect(entryKey('profile', 'h4sh', 'https://issuer.example/')).toBe('profile\nhttps://issuer.example/\nh4sh');
  });

  it('never gives two kinds the same key for one token', () => {
    expect(entryKey('verdict', 'h4sh')).not.toBe(entryKey('profile', 'h4sh'));
  });
});
