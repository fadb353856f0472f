import type { ServerResponse } from 'node:http';

/**
 * The `Cache-Control` value for a response to a request that carried its token in the URI (RFC 6750
 * §2.3: such responses must not be stored by shared caches). Keeps `no-store` or `private` as they
 * are, turns `public` into `private`, and adds `private` to anything else.
 * @example
 * ```ts
 * privateCacheControl(undefined);             // 'private'
 * privateCacheControl('public, max-age=60');  // 'private, max-age=60'
 * ```
 */
export function privateCacheControl(existing: string | undefined): string {
  if (existing === undefined || existing.trim() === '') return 'private';
  if (/(?:^|[\s,])(?:private|no-store)(?:$|[\s,=])/i.test(existing)) return existing;
  if (/(?:^|[\s,])public(?:$|[\s,])/i.test(existing))
    return existing.replace(/(^|[\s,])public(?=$|[\s,])/i, '$1private');
  return `private, ${existing}`;
}

type Headers = Record<string, unknown> | unknown[];

/** A copy of `writeHead`'s headers argument (object or flat array) with every Cache-Control made private. */
function privateHeaders(headers: Headers): Headers {
  if (Array.isArray(headers)) {
    const copy = [...headers];
    for (let i = 0; i + 1 < copy.length; i += 2) {
      if (String(copy[i]).toLowerCase() === 'cache-control') copy[i + 1] = privateCacheControl(String(copy[i + 1]));
    }
    return copy;
  }
  const copy = { ...headers };
  for (const name of Object.keys(copy)) {
    if (name.toLowerCase() === 'cache-control') copy[name] = privateCacheControl(String(copy[name]));
  }
  return copy;
}

/**
 * Makes every answer on `res` `Cache-Control: private` (RFC 6750 §2.3, for a request whose token came
 * in the URI), whatever a handler or error handler sets: the header is fixed when the headers are
 * written, including headers passed to `writeHead` itself. Only such requests pay for the hook, which
 * is set on this one response object.
 * @example
 * ```ts
 * if (carriesQueryToken(req.url ?? '')) keepResponsePrivate(res);
 * ```
 */
export function keepResponsePrivate(res: ServerResponse): void {
  res.setHeader('Cache-Control', 'private');
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadPrivately(this: ServerResponse, ...args: unknown[]) {
    const current = this.getHeader('Cache-Control');
    this.setHeader('Cache-Control', privateCacheControl(typeof current === 'string' ? current : undefined));
    // writeHead(status, [message], [headers]): headers given here win over setHeader, so fix them too.
    const at = typeof args[1] === 'string' ? 2 : 1;
    const headers = args[at];
    if (typeof headers === 'object' && headers !== null) args[at] = privateHeaders(headers as Headers);
    return (writeHead as (...rest: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
}
