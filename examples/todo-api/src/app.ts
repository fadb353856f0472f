import bodyParser from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import {
  attachUserinfo,
  requireAuth,
  requireClaims,
  requireScope,
  type AuthResult,
  type AuthState,
  type RequireAuthOptions,
} from '@access-guard/koa';
import { parseItemChanges, parseNewItem, parseNewList } from './bodies.js';
import { renderJsonErrors } from './json-errors.js';
import { TodoStore } from './store.js';

/** The API identifier tokens must be issued for (`aud`) unless the options name another. */
export const TODO_AUDIENCE = 'https://api.todo.example';

/** Options of {@link createTodoApp}. */
export interface TodoAppOptions {
  /** The authorization server, e.g. `https://login.example.com/` (http: only on loopback). */
  issuer: string;
  /** This API's identifier; default {@link TODO_AUDIENCE}. */
  audience?: string;
}

/** The token policy of the to-do API: relaxed, because the stakes are a shopping list. */
export function todoAuthOptions(options: TodoAppOptions): RequireAuthOptions & { opaqueTokens: object } {
  return {
    issuer: options.issuer,
    audience: options.audience ?? TODO_AUDIENCE,
    // Many issuers still sign access tokens with `typ: JWT`; here interoperability wins. Signature,
    // issuer, audience and expiry are still checked, so other APIs' tokens stay out.
    typ: 'compatible',
    // No maxTokenAge / maxTokenLifetime: day-long tokens are fine (a phone app stays signed in
    // all day). `exp` is still enforced. A lifetime policy could not be combined with userinfo anyway.
    //
    // Opaque tokens are checked at the issuer's userinfo endpoint (OIDC Core §5.3). Its answer proves
    // the token is live and whose it is, but NOT which API it was issued for or which scopes it
    // carries, so such a token is granted NO scopes: it reaches GET /me and nothing else.
    opaqueTokens: { via: 'userinfo', acceptAnyAudience: true, cacheTtlSeconds: 60 },
  };
}

/** The token's subject: all data is keyed by it, and nothing in a request body can change it. */
function ownerOf(auth: AuthResult): string {
  const { sub } = auth.payload;
  if (typeof sub !== 'string') throw new Error('unreachable: requireClaims lets no token without sub through');
  return sub;
}

function badRequest(ctx: Koa.ParameterizedContext<AuthState>, description: string): void {
  ctx.status = 400;
  ctx.body = { error: 'invalid_request', error_description: description };
}

function notFound(ctx: Koa.ParameterizedContext<AuthState>, what: string): void {
  ctx.status = 404;
  ctx.body = { error: 'not_found', error_description: `No such ${what}` };
}

/**
 * The to-do example: lists and items kept per owner, and the owner's profile at `GET /me`.
 *
 * @example
 * ```ts
 * const app = createTodoApp({ issuer: 'https://login.example.com/' });
 * app.listen(3002, '127.0.0.1');
 * ```
 */
export function createTodoApp(options: TodoAppOptions): Koa<AuthState> {
  const store = new TodoStore();
  const auth = requireAuth(todoAuthOptions(options));
  const owner = (ctx: Koa.ParameterizedContext<AuthState>): string => ownerOf(auth.resultOf(ctx));
  const app = new Koa<AuthState>();
  const router = new Router<AuthState>();
  // Bodies are parsed only after the token and scope are checked: anonymous callers cost nothing.
  const json = bodyParser({ enableTypes: ['json'], jsonLimit: '1kb' });
  const read = requireScope('read:todos');
  const write = requireScope('write:todos');

  // The one route without a scope, by design: it answers what the issuer's userinfo endpoint already
  // tells whoever holds the token, so it discloses nothing new. GET /lists stays behind read:todos: an
  // opaque sign-in token may have been issued to any client for any API, and must not read to-dos.
  router.get('/me', attachUserinfo(), (ctx) => {
    const { format, scopes } = auth.resultOf(ctx);
    ctx.body = { sub: owner(ctx), profile: ctx.state.userinfo, token: { format, scopes } };
  });

  router.get('/lists', read, (ctx) => {
    ctx.body = { lists: store.listsOf(owner(ctx)) };
  });

  router.post('/lists', write, json, (ctx) => {
    const parsed = parseNewList(ctx.request.body);
    if (!parsed.ok) return badRequest(ctx, parsed.description);
    ctx.status = 201;
    ctx.body = store.createList(owner(ctx), parsed.value);
  });

  // `ctx.params.id` is always set on these routes; `?? ''` only satisfies the type (no list has id '').
  router.get('/lists/:id/items', read, (ctx) => {
    const items = store.itemsOf(owner(ctx), ctx.params.id ?? '');
    if (items === undefined) return notFound(ctx, 'list');
    ctx.body = { items };
  });

  router.post('/lists/:id/items', write, json, (ctx) => {
    const parsed = parseNewItem(ctx.request.body);
    if (!parsed.ok) return badRequest(ctx, parsed.description);
    const item = store.addItem(owner(ctx), ctx.params.id ?? '', parsed.value);
    if (item === undefined) return notFound(ctx, 'list');
    ctx.status = 201;
    ctx.body = item;
  });

  router.patch('/items/:id', write, json, (ctx) => {
    const parsed = parseItemChanges(ctx.request.body);
    if (!parsed.ok) return badRequest(ctx, parsed.description);
    const item = store.updateItem(owner(ctx), ctx.params.id ?? '', parsed.value);
    if (item === undefined) return notFound(ctx, 'item');
    ctx.body = item;
  });

  app.use(renderJsonErrors);
  // Every route needs a valid token, so unauthenticated callers cannot even map the routes.
  app.use(auth);
  // Data is keyed by `sub`; a token without one (e.g. a client-credentials token) owns nothing: 403.
  app.use(requireClaims((claims) => typeof claims.sub === 'string' && claims.sub !== ''));
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use((ctx) => notFound(ctx, 'route'));
  return app;
}
