// A fresh Express 4 app in CommonJS, as a user writes it from the quick start.
const express = require('express');
const { requireAuth, requireScope } = require('@access-guard/express');

exports.buildApp = function buildApp(options) {
  const app = express();
  const auth = requireAuth(options);
  app.use(auth);
  app.get('/me', requireScope('read'), (req, res) => res.json({ sub: auth.resultOf(req).payload.sub }));
  app.get('/hello', (req, res) => res.json({ user: req.auth ? req.auth.payload.sub : null }));
  return { listener: app, ready: () => auth.ready() };
};
