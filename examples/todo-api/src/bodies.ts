import type { ItemChanges } from './store.js';

/** A validated request body, or what is wrong with it. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly description: string };

function invalid(description: string): { ok: false; description: string } {
  return { ok: false, description };
}

/** The body as an object whose keys are all in `allowed`, or undefined. Unknown fields (an `owner`, say) are refused, not ignored. */
function fieldsOf(body: unknown, allowed: readonly string[]): Record<string, unknown> | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  return Object.keys(body).every((key) => allowed.includes(key)) ? (body as Record<string, unknown>) : undefined;
}

function text(value: unknown, maxLength: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length > 0 && trimmed.length <= maxLength ? trimmed : undefined;
}

/** `POST /lists`: `{ name }`, 1 to 100 characters. */
export function parseNewList(body: unknown): Parsed<string> {
  const name = text(fieldsOf(body, ['name'])?.name, 100);
  return name === undefined ? invalid('Send { "name": "..." } with 1 to 100 characters') : { ok: true, value: name };
}

/** `POST /lists/:id/items`: `{ title }`, 1 to 200 characters. */
export function parseNewItem(body: unknown): Parsed<string> {
  const title = text(fieldsOf(body, ['title'])?.title, 200);
  return title === undefined ? invalid('Send { "title": "..." } with 1 to 200 characters') : { ok: true, value: title };
}

/** `PATCH /items/:id`: `{ title?, done? }`, at least one of them. */
export function parseItemChanges(body: unknown): Parsed<ItemChanges> {
  const fields = fieldsOf(body, ['title', 'done']);
  if (fields === undefined || (fields.title === undefined && fields.done === undefined)) {
    return invalid('Send { "title": "...", "done": true|false } with at least one of them');
  }
  const title = fields.title === undefined ? undefined : text(fields.title, 200);
  if (fields.title !== undefined && title === undefined) return invalid('title must have 1 to 200 characters');
  if (fields.done !== undefined && typeof fields.done !== 'boolean') return invalid('done must be true or false');
  return {
    ok: true,
    value: { ...(title === undefined ? {} : { title }), ...(fields.done === undefined ? {} : { done: fields.done }) },
  };
}
