const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Why `value` may not be used to reach the issuer, or undefined when it may: keys and secrets travel
 * only over https (plain http only on loopback, for tests), and URLs carry no credentials.
 */
export function insecureUrlReason(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'it is not an absolute URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    return 'it must use https: (http: is allowed only on loopback for tests)';
  }
  if (url.username !== '' || url.password !== '') return 'it must not carry credentials';
  return undefined;
}
