import { inspect } from 'node:util';

/**
 * Every text an error could put in a log or a response: `util.inspect` (what loggers print, with
 * hidden properties and the whole `cause` chain), and for each error in the chain its `message`,
 * `stack`, `toJSON()` and `headers`. AggregateError members are walked too.
 */
export function errorTexts(error: unknown): string[] {
  const texts = [inspect(error, { depth: 20, showHidden: true })];
  const pending: unknown[] = [error];
  const seen = new Set<unknown>();
  while (pending.length > 0) {
    const current = pending.shift();
    if (current === undefined || current === null || seen.has(current)) continue;
    seen.add(current);
    if (typeof current !== 'object') {
      texts.push(String(current));
      continue;
    }
    const shape = current as {
      message?: unknown;
      stack?: unknown;
      toJSON?: unknown;
      headers?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    texts.push(String(shape.message), String(shape.stack));
    if (typeof shape.toJSON === 'function') texts.push(JSON.stringify((shape.toJSON as () => unknown).call(current)));
    if (shape.headers !== undefined) texts.push(JSON.stringify(shape.headers));
    pending.push(shape.cause);
    if (Array.isArray(shape.errors)) pending.push(...(shape.errors as unknown[]));
  }
  return texts;
}

/** The strings that must never show up: the token, its 16+ character segments, any extra secret. */
export function secretsOf(token: string, extra: readonly string[] = []): string[] {
  return [token, ...token.split('.').filter((segment) => segment.length >= 16), ...extra];
}

/** The secrets (if any) that occur in `texts`. */
export function leaked(texts: readonly string[], secrets: readonly string[]): string[] {
  return secrets.filter((secret) => texts.some((text) => text.includes(secret)));
}
