import type { TokenExplanation } from '../../src/explain/explain-token.js';
import { formatExplanation } from '../../src/explain/format.js';

const explanation = (ok: boolean, statuses: Record<string, 'pass' | 'fail' | 'skip'>): TokenExplanation => ({
  ok,
  tokenSha256: '0123456789ab',
  checks: Object.entries(statuses).map(([name, status]) => ({
    name: name as TokenExplanation['checks'][number]['name'],
    status,
    ok: status === 'pass',
    detail: `${name} detail`,
  })),
});

describe('formatExplanation', () => {
  it('prints the hash prefix, one aligned line per check, and accepted', () => {
    expect(formatExplanation(explanation(true, { syntax: 'pass', verdict: 'pass' }))).toBe(
      [
        'token sha256:0123456789ab… (the token itself is not shown)',
        '  PASS  syntax   syntax detail',
        '  PASS  verdict  verdict detail',
        'accepted',
        '',
      ].join('\n'),
    );
  });

  it('counts the failed checks, leaving out the verdict', () => {
    const text = formatExplanation(explanation(false, { aud: 'fail', exp: 'fail', typ: 'skip', verdict: 'fail' }));
    expect(text).toContain('  SKIP  typ      typ detail');
    expect(text.endsWith('refused: 2 checks failed (aud, exp)\n')).toBe(true);
  });

  it('points to the verdict when only the verdict failed', () => {
    expect(formatExplanation(explanation(false, { syntax: 'pass', verdict: 'fail' }))).toContain(
      'refused: see verdict',
    );
  });
});
