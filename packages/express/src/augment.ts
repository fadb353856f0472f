import type { AuthResult } from '@access-guard/core';

declare global {
  // Express's Request is declared in the global `Express` namespace; this is how libraries extend it.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /**
       * The verified bearer token, set by `requireAuth` (absent on routes without it, and on an
       * optional `requireAuth`'s anonymous requests). `resultOf(req)` of the middleware gives it typed.
       */
      auth?: AuthResult;
      /** The user's OpenID Connect profile, set by `attachUserinfo()`. */
      userinfo?: Readonly<Record<string, unknown>>;
    }
  }
}

export {};
