import { fail } from '../option-checks.js';

/**
 * A server's base URL (origin and an optional path, as Keycloak before 17 has `/auth`), without a
 * trailing slash; a bare host name is taken as https.
 */
export function baseUrlOf(option: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') fail(`\`${option}\` is required, e.g. 'https://sso.example.com'.`);
  const at = value.indexOf('/', value.indexOf('://') + 3);
  const path = value.includes('://') && at !== -1 ? value.slice(at).replace(/\/+$/, '') : '';
  return `${originOf(option, path === '' ? value : value.slice(0, at))}${path}`;
}

/**
 * The origin a provider's console shows as a domain (`tenant.eu.auth0.com`) or as a URL
 * (`https://tenant.eu.auth0.com`; `http://127.0.0.1:4444` for a local test issuer). No path.
 */
export function originOf(option: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') fail(`\`${option}\` is required, e.g. 'tenant.example.com'.`);
  const text = value.includes('://') ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail(`\`${option}\` must be a domain such as 'tenant.example.com' or an origin URL; got ${JSON.stringify(value)}.`);
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
    fail(`\`${option}\` must be a domain or an origin, without a path; got ${JSON.stringify(value)}.`);
  }
  return url.origin;
}

/** One identifier or a list of them, as a non-empty list. */
export function listOf(option: string, value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((item) => typeof item === 'string' && item !== '')) {
    fail(`\`${option}\` is required: a non-empty string or array of them.`);
  }
  return [...(list as string[])];
}
