import type { AuthResult } from '@access-guard/core';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The verified bearer token, set by `requireAuth` (absent on routes without it, and on an
     * optional `requireAuth`'s anonymous requests). `resultOf(request)` of the hook gives it typed.
     */
    auth?: AuthResult;
    /** The user's OpenID Connect profile, set by `attachUserinfo()`. */
    userinfo?: Readonly<Record<string, unknown>>;
  }
}

export {};
