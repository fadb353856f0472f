const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a URL's host is this machine (so plain http never leaves it). */
export function isLoopbackUrl(value: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(value).hostname;
  } catch {
    return false;
  }
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Why `value` may not be used to reach the issuer, or undefined when it may: keys and secrets travel
 * only over https (plain http only on loopback, for tests, unless `loopbackHttp` is false; anywhere
 * when `insecureHttp`, the development opt-in `allowInsecureHttpIssuer`), and URLs carry no credentials.
 */
export function insecureUrlReason(value: string, loopbackHttp = true, insecureHttp = false): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'it is not an absolute URL';
  }
  const httpAllowed = insecureHttp || (loopbackHttp && isLoopbackUrl(value));
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && httpAllowed)) {
    return loopbackHttp
      ? 'it must use https: (http: is allowed only on loopback for tests)'
      : 'it must use https: (the issuer is not on loopback, so its endpoints may not be plain http on loopback either)';
  }
  if (url.username !== '' || url.password !== '') return 'it must not carry credentials';
  return undefined;
}
