// RFC 6750 §3: auth-param values hold %x20-21 / %x23-5B / %x5D-7E only.
const ATTRIBUTE =
  /(realm|error|error_description|scope|acr_values|max_age|resource_metadata)="([\x20\x21\x23-\x5B\x5D-\x7E]*)"(, |$)/y;

/**
 * Parses a `WWW-Authenticate: Bearer …` value into its attributes, throwing when it is not
 * well-formed per RFC 6750 §3 (unknown or repeated attribute, forbidden character, missing realm).
 */
export function parseChallenge(header: string): Record<string, string> {
  if (!header.startsWith('Bearer ')) throw new Error(`not a Bearer challenge: ${JSON.stringify(header)}`);
  const attributes: Record<string, string> = {};
  ATTRIBUTE.lastIndex = 'Bearer '.length;
  while (ATTRIBUTE.lastIndex < header.length) {
    const match = ATTRIBUTE.exec(header);
    if (match === null) throw new Error(`malformed challenge: ${JSON.stringify(header)}`);
    const [, name, value, separator] = match as unknown as [string, string, string, string];
    if (name in attributes) throw new Error(`repeated challenge attribute: ${name}`);
    attributes[name] = value;
    if (separator === '') break;
  }
  if (ATTRIBUTE.lastIndex !== header.length) throw new Error(`trailing data in challenge: ${JSON.stringify(header)}`);
  if (!('realm' in attributes)) throw new Error('challenge without realm');
  return attributes;
}
