// RFC 3986 §2.3: unreserved characters; a percent-encoding of one is the character itself (§6.2.2.2).
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * A URL as RFC 9449 §4.3 compares `htu`: without query and fragment, after RFC 3986 §6.2.2 syntax
 * normalization (scheme and host lower-cased, default port dropped, dot segments removed,
 * percent-encodings of unreserved characters decoded, the others upper-cased). Undefined when it is
 * not an absolute http(s) URL.
 * @example
 * ```ts
 * normalizeHtu('HTTPS://API.example:443/a/./b/%7euser?x=1'); // 'https://api.example/a/b/~user'
 * ```
 */
export function normalizeHtu(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const path = url.pathname.replace(/%([0-9A-Fa-f]{2})/g, (encoded, hex: string) => {
    const character = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(character) ? character : encoded.toUpperCase();
  });
  return `${url.protocol}//${url.host}${path}`;
}
