import type { AuthResult } from '@access-guard/core';
import type { Request } from 'express';
import { IncomingMessage } from 'node:http';

// Why req.auth is an accessor: Express (4 and 5) gives every request a hidden class of its own (it
// swaps the prototype per request), so adding a property to a request builds a new V8 map each
// time, which cost more than the rest of a cached-token check. An accessor on Express's base request
// prototype, backed by a WeakMap, adds nothing to the request; reads and writes behave as before.
const values = new WeakMap<object, unknown>();

function getAuth(this: object): unknown {
  return values.get(this);
}

function setAuth(this: object, value: unknown): void {
  if (value === undefined) values.delete(this);
  else values.set(this, value);
}

// Per direct prototype of a request (an app's `app.request`): whether req.auth is the accessor.
const accessorFor = new WeakMap<object, boolean>();

/**
 * Installs the accessor on Express's base request prototype: the last object on the chain before
 * `http.IncomingMessage.prototype`, which every app (and mounted sub-app) of that Express copy
 * shares. Anything else (a plain Node request, a test double, an `auth` someone else defined) keeps
 * an ordinary property.
 */
function installAccessor(prototype: object): boolean {
  let base: object | undefined;
  for (let current: object | null = prototype; current !== null; current = Object.getPrototypeOf(current)) {
    if (current === IncomingMessage.prototype) break;
    const own = Object.getOwnPropertyDescriptor(current, 'auth');
    if (own !== undefined) return own.get === getAuth;
    base = current;
    if (Object.getPrototypeOf(current) === null) return false; // never reached IncomingMessage
  }
  if (base === undefined || 'auth' in base) return false;
  Object.defineProperty(base, 'auth', { get: getAuth, set: setAuth, configurable: true, enumerable: false });
  return true;
}

/** Puts `auth` on `req.auth`, without adding a property to an Express request. */
export function setRequestAuth(req: Request, auth: AuthResult): void {
  const prototype: object | null = Object.getPrototypeOf(req);
  let accessor = prototype === null ? false : accessorFor.get(prototype);
  if (accessor === undefined) {
    accessor = installAccessor(prototype as object);
    accessorFor.set(prototype as object, accessor);
  }
  // An own `auth` (defined by other code before the accessor existed) would hide the accessor.
  if (accessor && !Object.hasOwn(req, 'auth')) values.set(req, auth);
  else req.auth = auth;
}
