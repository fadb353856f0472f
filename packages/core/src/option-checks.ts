import { insecureUrlReason } from './secure-url.js';

// Shared validators of the option parsers: each throws a TypeError whose message says how to fix it.

/** Throws the start-up error for a misconfiguration. */
export function fail(message: string): never {
  throw new TypeError(`access-guard: ${message}`);
}

/** Checks that `value` is an https URL (or http on loopback) without credentials, query or fragment. */
export function checkIssuerUrl(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    fail(`\`${name}\` is required: pass the issuer's URL, e.g. { ${name}: 'https://issuer.example/' }.`);
  }
  const reason = insecureUrlReason(value);
  if (reason !== undefined) fail(`\`${name}\` cannot be used: ${reason}; got ${JSON.stringify(value)}.`);
  const url = new URL(value);
  if (url.search !== '' || url.hash !== '') fail(`\`${name}\` must not have a query or fragment.`);
  return value;
}

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

/** A misspelt option (`clockTolerence`, `maxTokenAgeSeconds`) would silently disable a check: refuse it. */
export function checkKnownKeys(name: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) fail(`unknown option \`${name}${key}\`; the options are: ${known.join(', ')}.`);
  }
}

export function checkBoolean(name: string, value: unknown): boolean {
  if (value !== undefined && typeof value !== 'boolean')
    fail(`\`${name}\` must be true or false; got ${JSON.stringify(value)}.`);
  return value === true;
}
