// A fresh Express 5 app in strict TypeScript (compiled with tsc), as a user writes it from the quick start.
import express, { type NextFunction, type Request, type Response } from 'express';
import { AccessGuardError, requireAuth, requireScope } from '@access-guard/express';
import type { RequestListener } from 'node:http';

/** What the probe may vary: everything else is the quick start. */
export interface AppSettings {
  issuer: string;
  audience: string;
  optional?: boolean;
  tokenCookie?: string;
}

export function buildApp(settings: AppSettings): { listener: RequestListener; ready: () => Promise<void> } {
  const app = express();
  const auth = requireAuth({
    issuer: settings.issuer,
    audience: settings.audience,
    optional: settings.optional,
    tokenCookie: settings.tokenCookie,
  });
  app.use(auth);
  app.get('/me', requireScope('read'), (req: Request, res: Response) => {
    // Opaque tokens are off, so the result is a JWT's: its header is there without a cast.
    const result = auth.resultOf(req);
    res.json({ sub: result.payload.sub, alg: result.header.alg });
  });
  // req.auth is optional in the types: an optional requireAuth lets anonymous requests through.
  app.get('/hello', (req: Request, res: Response) => {
    res.json({ user: req.auth?.payload.sub ?? null });
  });
  // The JSON error handler of the README, for apps that choose errors: 'next'.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!(err instanceof AccessGuardError)) return next(err);
    res.status(err.status).set(err.headers).json(err.toJSON());
  });
  return { listener: app, ready: () => auth.ready() };
}
