import express from 'express';
// Express 4 under an npm alias (express4 = npm:express@^4), so the same table runs on Express 4 and 5.
import express4 from 'express4';
import * as guardExpress from '@access-guard/express';
import {
  describeAuth,
  enrich,
  PUBLIC_JSON,
  REQUIRED_ALL,
  REQUIRED_ANY,
  ROUTES,
  STEP_UP,
  type Adapter,
} from '../apps.js';

/** The table's app on Express (4 or 5), with its requireAuth's error delivery. */
export function expressAdapter(errors: 'next' | 'respond', version: '4' | '5' = '5'): Adapter {
  const createExpress = version === '4' ? (express4 as unknown as typeof express) : express;
  return {
    name: `express ${version} (errors: '${errors}')`,
    jsonErrors: errors === 'respond',
    createApp(options) {
      const app = createExpress();
      app.set('env', 'test'); // Express's final handler then renders without logging each error.
      app.use(createExpress.urlencoded({ extended: false }));
      const auth = guardExpress.requireAuth({ ...options, errors });
      if (auth.resourceMetadata !== undefined) app.use(guardExpress.protectedResourceMetadata(auth));
      app.use(auth);
      const view: express.RequestHandler = (req, res) => {
        res.json(describeAuth(req.auth));
      };
      app.all(ROUTES.protected, view);
      app.get(ROUTES.cacheableWriteHead, (req, res) => {
        res.writeHead(200, PUBLIC_JSON).end(JSON.stringify(describeAuth(req.auth)));
      });
      app.get(ROUTES.cacheableRawHeaders, (req, res) => {
        res.writeHead(200, Object.entries(PUBLIC_JSON).flat()).end(JSON.stringify(describeAuth(req.auth)));
      });
      app.get(ROUTES.cacheable, (req, res) => {
        res.set('Cache-Control', 'public, max-age=60');
        view(req, res, () => undefined);
      });
      // The guards follow requireAuth's choice of error delivery: they are given none of their own.
      app.get(ROUTES.scopedAll, guardExpress.requireScope(REQUIRED_ALL), view);
      app.get(ROUTES.scopedAny, guardExpress.requireScope(REQUIRED_ANY, { match: 'any' }), view);
      app.get(ROUTES.claims, guardExpress.requireClaims({ email_verified: true }), view);
      const me: express.RequestHandler = (req, res) => {
        res.json({ ...describeAuth(req.auth), userinfo: req.userinfo });
      };
      app.get(ROUTES.me, guardExpress.attachUserinfo(), me);
      const drop: express.RequestHandler = (req, _res, next) => {
        delete (req as { auth?: unknown }).auth;
        next();
      };
      const copy: express.RequestHandler = (req, _res, next) => {
        req.auth = enrich(req.auth);
        next();
      };
      app.get(ROUTES.droppedScoped, drop, guardExpress.requireScope('read:accounts'), view);
      app.get(ROUTES.droppedClaims, drop, guardExpress.requireClaims({ email_verified: true }), view);
      app.get(ROUTES.droppedMe, drop, guardExpress.attachUserinfo(), me);
      app.get(ROUTES.enrichedScoped, copy, guardExpress.requireScope(REQUIRED_ALL), view);
      app.get(ROUTES.enrichedMe, copy, guardExpress.attachUserinfo(), me);
      app.get(ROUTES.stepUp, guardExpress.requireAuthLevel(STEP_UP), view);
      return app;
    },
  };
}
