// The two routes every Express contender serves; only the guards in front of them differ.
import express from 'express';

const BODY = { ok: true };

/** An Express 5 app in production mode with GET /resource (auth) and GET /write (auth + scope). */
export function expressApp({ auth = [], write = [] } = {}) {
  const app = express();
  // Deliberate: production is what runs in the field. Express's final handler then logs every error
  // passed to next(err) with console.error (the child sends that to /dev/null and counts the bytes).
  app.set('env', 'production');
  app.disable('x-powered-by');
  app.get('/resource', ...auth, (req, res) => {
    res.json(BODY);
  });
  app.get('/write', ...auth, ...write, (req, res) => {
    res.json(BODY);
  });
  return app;
}
