import type { AuthResult } from '@access-guard/core';
import type { Request } from 'express';
import { IncomingMessage } from 'node:http';

// Why req.auth is an accessor: Express (4 and 5) gives every request a hidden class of its own (it
// swaps the prototype per request), so adding a property to a request builds a new V8 map each
// time: about 3 µs per request in the bench's server here, against about 1 µs for a WeakMap entry
// (the whole cached-token check costs about 16 µs). An accessor on Express's base request
// prototype, backed by a WeakMap, adds nothing to the request.

interface AccessorStore {
  readonly values: WeakMap<object, unknown>;
  readonly get: (this: object) => unknown;
  readonly set: (this: object, value: unknown) => void;
}

function newStore(): AccessorStore {
  const values = new WeakMap<object, unknown>();
  return {
    values,
    get() {
      return values.get(this);
    },
    set(value) {
      if (value === undefined) values.delete(this);
      else values.set(this, value);
    },
  };
}

// One store per process, shared by every copy of this module (the ESM and the CommonJS build, two
// installed versions), so they all read and write the same values through the same accessor.
const STORE_KEY = Symbol.for('@access-guard/express/request-auth');
const store: AccessorStore = ((globalThis as Record<symbol, AccessorStore | undefined>)[STORE_KEY] ??= newStore());

// Per direct prototype of a request (an app's `app.request`): whether req.auth is the accessor.
const accessorFor = new WeakMap<object, boolean>();

/**
 * Installs the accessor on the base request prototype of the Express copy that made `prototype`,
 * when `prototype` is an Express app's `app.request` (the prototype of its requests, whose own
 * prototype is that copy's base request, whose prototype is `http.IncomingMessage.prototype`). Every
 * app and mounted sub-app of that copy shares the base. Anything else (a plain Node request, a
 * custom IncomingMessage class, a test double) and any `auth` defined elsewhere on the chain keep an
 * ordinary property.
 */
function installAccessor(prototype: object): boolean {
  const app = (prototype as { app?: { request?: unknown } }).app;
  if (app?.request !== prototype || Object.hasOwn(prototype, 'auth')) return false;
  const base: object | null = Object.getPrototypeOf(prototype);
  if (base === null || Object.getPrototypeOf(base) !== IncomingMessage.prototype) return false;
  const own = Object.getOwnPropertyDescriptor(base, 'auth');
  if (own !== undefined) return own.get === store.get;
  if ('auth' in base) return false;
  Object.defineProperty(base, 'auth', { get: store.get, set: store.set, configurable: true, enumerable: false });
  return true;
}

/** Whether `req.auth` of this request is the accessor (decided once per request prototype). */
function usesAccessor(req: Request): boolean {
  const prototype: object | null = Object.getPrototypeOf(req);
  if (prototype === null) return false;
  let accessor = accessorFor.get(prototype);
  if (accessor === undefined) {
    accessor = installAccessor(prototype);
    accessorFor.set(prototype, accessor);
  }
  return accessor;
}

/** Puts `auth` on `req.auth`, without adding a property to an Express request. */
export function setRequestAuth(req: Request, auth: AuthResult): void {
  // An own `auth` (assigned before the accessor existed, or defined on the request) hides the accessor.
  if (usesAccessor(req) && !Object.hasOwn(req, 'auth')) {
    store.values.set(req, auth);
    return;
  }
  // A value left in the store must not reappear if that own property is deleted later.
  store.values.delete(req);
  req.auth = auth;
}
