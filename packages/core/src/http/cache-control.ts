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
