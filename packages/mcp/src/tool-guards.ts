import { requireAuthLevel, requireScope } from '@access-guard/express';
import type { AuthLevelOptions } from '@access-guard/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Scopes each tool needs, all of them (by tool name): e.g. `{ 'delete-note': 'notes:write' }`. */
export type ToolScopes = Readonly<Record<string, string | readonly string[]>>;

/** The step-up each tool needs (RFC 9470), by tool name: e.g. `{ transfer: { acr: ['phr'] } }`. */
export type ToolAuthLevels = Readonly<Record<string, AuthLevelOptions>>;

/** The names of the tools a JSON-RPC body calls (`tools/call`), one message or a batch. */
function calledTools(body: unknown): string[] {
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  const names: string[] = [];
  for (const message of messages) {
    if (typeof message !== 'object' || message === null) continue;
    const { method, params } = message as { method?: unknown; params?: unknown };
    if (method !== 'tools/call' || typeof params !== 'object' || params === null) continue;
    const { name } = params as { name?: unknown };
    if (typeof name === 'string') names.push(name);
  }
  return names;
}

/** Runs Express handlers one after the other; the first that does not call `next()` answers. */
function runInTurn(handlers: readonly RequestHandler[], req: Request, res: Response, next: NextFunction): void {
  const step = (index: number, error?: unknown): void => {
    const handler = handlers[index];
    if (error !== undefined || handler === undefined) {
      next(error);
      return;
    }
    void handler(req, res, (failure?: unknown) => step(index + 1, failure));
  };
  step(0);
}

function unparsedBody(): Error & { status: number; expose: boolean } {
  return Object.assign(
    new Error(
      'access-guard: toolScopes and toolAuthLevels read the JSON-RPC body: mount express.json() before protectMcpEndpoint (createMcpExpressApp does).',
    ),
    { status: 500, expose: false },
  );
}

/**
 * Express middleware that applies each called tool's scopes and step-up, by the tool names in the
 * JSON-RPC body: 403 `insufficient_scope` naming the tool's scopes, or 401
 * `insufficient_user_authentication`. Runs after `requireAuth` and a JSON body parser; a POST whose
 * body was not parsed is refused (500), as the tool it calls cannot be known.
 */
export function requireToolAccess(scopes: ToolScopes = {}, levels: ToolAuthLevels = {}): RequestHandler | undefined {
  const guards = new Map<string, RequestHandler[]>();
  const add = (tool: string, guard: RequestHandler): void => {
    guards.set(tool, [...(guards.get(tool) ?? []), guard]);
  };
  if (typeof scopes !== 'object' || scopes === null || typeof levels !== 'object' || levels === null) {
    throw new TypeError(
      "access-guard: toolScopes and toolAuthLevels are objects by tool name, e.g. { 'delete-note': 'notes:write' }.",
    );
  }
  for (const [tool, required] of Object.entries(scopes)) add(tool, requireScope(required));
  for (const [tool, level] of Object.entries(levels)) add(tool, requireAuthLevel(level));
  if (guards.size === 0) return undefined;
  let reported = false;
  return function requireToolAccess(req, res, next) {
    if (req.method !== 'POST') {
      next();
      return;
    }
    if (req.body === undefined) {
      const error = unparsedBody();
      if (!reported) console.error(error.message);
      reported = true;
      next(error);
      return;
    }
    // A Map, not an object: a tool named `__proto__` or `toString` finds no inherited guard.
    const handlers = calledTools(req.body).flatMap((tool) => guards.get(tool) ?? []);
    runInTurn(handlers, req, res, next);
  };
}
