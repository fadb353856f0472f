import type { TokenExplanation } from './explain-token.js';

const LABEL = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/**
 * An explanation as the `access-guard explain` command prints it: the token's SHA-256 prefix (never
 * the token), one line per check with PASS, FAIL or SKIP and why, and the verdict last.
 *
 * @param explanation - what {@link explainToken} returned.
 * @returns lines ending with a newline.
 * @example
 * ```ts
 * process.stdout.write(formatExplanation(await explainToken(token, { issuer, audience })));
 * // token sha256:3f1c0a9b2d4e… (the token itself is not shown)
 * //   PASS  syntax            812 characters of RFC 6750 b64token
 * //   FAIL  exp               The access token expired (actual expired 120 s ago (clock tolerance 5 s))
 * // refused: 1 check failed (exp)
 * ```
 */
export function formatExplanation(explanation: TokenExplanation): string {
  const width = Math.max(...explanation.checks.map((check) => check.name.length));
  const lines = [`token sha256:${explanation.tokenSha256}… (the token itself is not shown)`];
  for (const check of explanation.checks) {
    lines.push(`  ${LABEL[check.status]}  ${check.name.padEnd(width)}  ${check.detail}`);
  }
  const failing = explanation.checks.filter((check) => check.status === 'fail' && check.name !== 'verdict');
  const names = failing.map((check) => check.name).join(', ');
  lines.push(
    explanation.ok
      ? 'accepted'
      : `refused: ${failing.length === 0 ? 'see verdict' : `${failing.length} check${failing.length === 1 ? '' : 's'} failed (${names})`}`,
  );
  return `${lines.join('\n')}\n`;
}
