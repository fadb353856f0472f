// RFC 6750 §3: auth-param values hold %x20-21 / %x23-5B / %x5D-7E only.
const ATTRIBUTE =
  /(realm|error|error_description|scope|acr_values|max_age|resource_metadata|algs)="([\x20\x21\x23-\x5B\x5D-\x7E]*)"(, |$)/y;
const SCHEME = /(Bearer|DPoP) /y;

/** The challenges of a `WWW-Authenticate` value, by scheme. */
export type Challenges = Partial<Record<'Bearer' | 'DPoP', Record<string, string>>>;

/**
 * Parses a `WWW-Authenticate` value of `Bearer` and `DPoP` challenges (RFC 6750 §3, RFC 9449 §7.1),
 * throwing when it is not well-formed: an unknown or repeated attribute, a forbidden character, a
 * challenge without realm, a scheme twice, a `DPoP` challenge without `algs` or before `Bearer`.
 */
export function parseChallenges(header: string): Challenges {
  const challenges: Challenges = {};
  let at = 0;
  while (at < header.length) {
    SCHEME.lastIndex = at;
    const scheme = SCHEME.exec(header)?.[1] as 'Bearer' | 'DPoP' | undefined;
    if (scheme === undefined) throw new Error(`not a Bearer or DPoP challenge at ${at}: ${JSON.stringify(header)}`);
    if (scheme in challenges) throw new Error(`repeated challenge: ${scheme}`);
    const attributes: Record<string, string> = {};
    ATTRIBUTE.lastIndex = SCHEME.lastIndex;
    for (;;) {
      const match = ATTRIBUTE.exec(header);
      if (match === null) throw new Error(`malformed challenge: ${JSON.stringify(header)}`);
      const [, name, value, separator] = match as unknown as [string, string, string, string];
      if (name in attributes) throw new Error(`repeated challenge attribute: ${name}`);
      attributes[name] = value;
      if (separator === '') break;
      SCHEME.lastIndex = ATTRIBUTE.lastIndex;
      if (SCHEME.test(header)) break;
    }
    at = ATTRIBUTE.lastIndex;
    if (!('realm' in attributes)) throw new Error('challenge without realm');
    if ((scheme === 'DPoP') !== 'algs' in attributes) throw new Error(`algs out of place: ${JSON.stringify(header)}`);
    challenges[scheme] = attributes;
  }
  if (challenges.DPoP !== undefined && challenges.Bearer !== undefined && !header.startsWith('Bearer ')) {
    throw new Error('the Bearer challenge must come first');
  }
  return challenges;
}

/** The attributes of the `Bearer` challenge of a well-formed value (see {@link parseChallenges}). */
export function parseChallenge(header: string): Record<string, string> {
  const { Bearer } = parseChallenges(header);
  if (Bearer === undefined) throw new Error(`no Bearer challenge: ${JSON.stringify(header)}`);
  return Bearer;
}
