import { insecureUrlReason } from './issuer/secure-url.js';

// Shared validators of the option tables: each throws a TypeError whose message says how to fix it.

/** Throws the start-up error for a misconfiguration. */
export function fail(message: string): never {
  throw new TypeError(`access-guard: ${message}`);
}

/** Reads one option's raw value into its resolved form, applying the default; throws on a mistake. */
export type OptionReader<T> = (value: unknown) => T;

/** A table of option readers: its keys are the only option names accepted. */
export type OptionTable = Readonly<Record<string, OptionReader<unknown>>>;

/** The resolved form of a table: each option as its reader returns it. */
export type Resolved<T extends OptionTable> = { readonly [K in keyof T]: ReturnType<T[K]> };

/**
 * Reads `input` with a table: refuses a name that neither the table nor `alsoKnown` lists (a misspelt
 * option would silently disable a check), then runs every reader, so defaults are applied in one place.
 */
export function readOptions<T extends OptionTable>(
  prefix: string,
  input: object,
  table: T,
  alsoKnown: readonly string[] = [],
): Resolved<T> {
  const known = [...Object.keys(table), ...alsoKnown];
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) fail(`unknown option \`${prefix}${key}\`; the options are: ${known.join(', ')}.`);
  }
  const resolved: Record<string, unknown> = {};
  for (const key of Object.keys(table))
    resolved[key] = (table[key] as OptionReader<unknown>)((input as Record<string, unknown>)[key]);
  return resolved as Resolved<T>;
}

const INSECURE_HTTP_HINT =
  ' For a development issuer on plain http (e.g. http://keycloak:8080 in docker compose), set allowInsecureHttpIssuer: true; it refuses to start when NODE_ENV is production.';

/**
 * Checks that `value` is an https URL (or http on loopback) without credentials, query or fragment.
 * `insecureHttp` is given for the issuer's own URLs: true lets plain http through anywhere (the
 * development opt-in), false names that opt-in when an http URL is refused.
 */
export function checkIssuerUrl(name: string, value: unknown, insecureHttp?: boolean): string {
  if (typeof value !== 'string' || value === '') {
    fail(`\`${name}\` is required: pass the issuer's URL, e.g. { ${name}: 'https://issuer.example/' }.`);
  }
  const reason = insecureUrlReason(value, true, insecureHttp === true);
  if (reason !== undefined) {
    const hint = insecureHttp === false && value.startsWith('http:') ? INSECURE_HTTP_HINT : '';
    fail(`\`${name}\` cannot be used: ${reason}; got ${JSON.stringify(value)}.${hint}`);
  }
  const url = new URL(value);
  if (url.search !== '' || url.hash !== '') fail(`\`${name}\` must not have a query or fragment.`);
  return value;
}

/** An optional issuer URL (see {@link checkIssuerUrl} for `insecureHttp`). */
export function checkOptionalUrl(name: string, value: unknown, insecureHttp?: boolean): string | undefined {
  return value === undefined ? undefined : checkIssuerUrl(name, value, insecureHttp);
}

/** A finite number (a whole one for entries and characters) of at least `min`, or `fallback` when absent. */
export function checkNumber<F extends number | undefined>(
  name: string,
  value: unknown,
  fallback: F,
  unit: string,
  min = 0,
): number | F {
  if (value === undefined) return fallback;
  const whole = unit === 'entries' || unit === 'characters';
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (whole && !Number.isInteger(value))) {
    fail(`\`${name}\` must be a ${whole ? 'whole' : 'finite'} number (${unit}) >= ${min}; got ${String(value)}.`);
  }
  return value;
}

/** A boolean, `fallback` when absent. */
export function checkBoolean(name: string, value: unknown, fallback = false): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(`\`${name}\` must be true or false; got ${JSON.stringify(value)}.`);
  return value;
}

/** A nested options object (`{}` when absent). */
export function checkObject(name: string, value: unknown): object {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`\`${name}\` must be an object.`);
  return value;
}
