import express, { type ErrorRequestHandler, type Express, type Request } from 'express';
import {
  requireAuth,
  requireAuthLevel,
  requireClaims,
  requireScope,
  type AuthResult,
  type RequireAuthOptions,
} from '@access-guard/express';
import { Ledger, type TransferRequest } from './ledger.js';
import { parseTransferBody } from './transfer-body.js';

/** The API identifier tokens must be issued for (`aud`) unless the options name another. */
export const BANKING_AUDIENCE = 'https://api.banking.example';

/** Options of {@link createBankingApp}. */
export interface BankingAppOptions {
  /** The authorization server, e.g. `https://login.example.com/` (http: only on loopback). */
  issuer: string;
  /** This API's identifier; default {@link BANKING_AUDIENCE}. */
  audience?: string;
  /** This API's client at the issuer's introspection endpoint. Without it, opaque tokens are refused. */
  introspection?: { clientId: string; clientSecret: string };
  /**
   * The origin clients address (`https://api.bank.example`), which their DPoP proofs name in `htu`;
   * default: the request's own (Express's `trust proxy` decides what a proxy may say about it).
   */
  origin?: string;
}

/** Transfers above this many cents (1,000 euros) need a strong and recent login (RFC 9470 step-up). */
export const STEP_UP_ABOVE = 100_000;

/** What a large transfer asks of the user's login: phishing-resistant (`phr`/`phrh`), within 5 minutes. */
export const STEP_UP = { acr: ['phr', 'phrh'], maxAgeSeconds: 300 };

/** The token policy of the banking API: strict, because a stolen token here moves money. */
export function bankingAuthOptions(options: BankingAppOptions): RequireAuthOptions {
  const { introspection } = options;
  return {
    issuer: options.issuer,
    audience: options.audience ?? BANKING_AUDIENCE,
    // RFC 9068 access tokens only (`typ: at+jwt`). An ID token (`typ: JWT`) is signed with the same
    // keys; refusing its `typ` means a login token can never be replayed as a payment token.
    typ: 'strict',
    // A leaked token is worth at most five minutes after it was issued, whatever its `exp` says...
    maxTokenAge: 300,
    // ...and long-lived tokens are refused outright, even fresh ones: a client that was given a
    // day-long token for this API is misconfigured, and should find out on its first call.
    maxTokenLifetime: 900,
    // Sender-constrained tokens only (RFC 9449): a token works only with a fresh proof signed by the
    // client's key, so a token copied from a log or a proxy moves no money. Each proof is accepted once.
    dpop: { required: true, ...(options.origin === undefined ? {} : { origin: options.origin }) },
    // Opaque tokens only via introspection (RFC 7662): its answer carries `active`, `scope`, `aud`,
    // `iat` and `exp`, so every rule here applies to them too. A userinfo answer proves no scope or
    // audience (and cannot be combined with a lifetime policy). The short cache TTL means a
    // revoked token stops working within 30 seconds.
    opaqueTokens:
      introspection === undefined
        ? undefined
        : {
            via: 'introspection',
            clientId: introspection.clientId,
            clientSecret: introspection.clientSecret,
            cacheTtlSeconds: 30,
          },
  };
}

/** The token's subject: every route is scoped to it, and nothing in a request body can change it. */
function ownerOf(auth: AuthResult): string {
  const { sub } = auth.payload;
  if (typeof sub !== 'string') throw new Error('unreachable: requireClaims lets no token without sub through');
  return sub;
}

function statusOf(error: unknown): number {
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  return typeof status === 'number' ? status : 500;
}

// Only errors that are not access-guard's get here (access-guard answers its own refusals):
// body-parser's 4xx (malformed JSON, body too large) or a bug.
const renderError: ErrorRequestHandler = function renderError(error: unknown, _req, res, next) {
  if (res.headersSent) {
    next(error);
    return;
  }
  const status = statusOf(error);
  if (status >= 400 && status < 500) {
    res
      .status(status)
      .json({ error: 'invalid_request', error_description: 'The request body could not be read as JSON' });
    return;
  }
  console.error(error);
  res.status(500).json({ error: 'server_error', error_description: 'Something went wrong' });
};

/**
 * The banking example: accounts, balances and transfers, each scoped to the token's `sub`. Tokens
 * must be DPoP-bound, and transfers above {@link STEP_UP_ABOVE} cents need a step-up login.
 *
 * @example
 * ```ts
 * const app = createBankingApp({ issuer: 'https://login.example.com/' });
 * app.listen(3001, '127.0.0.1');
 * ```
 */
export function createBankingApp(options: BankingAppOptions): Express {
  const ledger = new Ledger();
  const app = express();
  app.disable('x-powered-by');

  // Every route needs a valid token, so unauthenticated callers cannot even map the routes.
  const auth = requireAuth(bankingAuthOptions(options));
  const owner = (req: Request): string => ownerOf(auth.resultOf(req));
  app.use(auth);
  // A token without `sub` (e.g. a client-credentials token) owns no accounts: 403, like a missing scope.
  app.use(requireClaims((claims) => typeof claims.sub === 'string' && claims.sub !== ''));

  // Any one of these: `admin` passes the scope check, but data stays scoped to the caller's own `sub`.
  const readAccounts = requireScope(['read:accounts', 'admin'], { match: 'any' });
  // All of these: moving money needs both the right to transfer and the right to see the accounts.
  const transferFunds = requireScope(['transfer:funds', 'read:accounts']);

  app.get('/accounts', readAccounts, (req, res) => {
    res.json({ accounts: ledger.accountsOf(owner(req)) });
  });

  app.get('/accounts/:id/balance', readAccounts, (req, res) => {
    const { id } = req.params; // a string on this route; the type also allows wildcard arrays
    const account = typeof id === 'string' ? ledger.accountOf(owner(req), id) : undefined;
    if (account === undefined) {
      res.status(404).json({ error: 'account_not_found', error_description: 'No such account' });
      return;
    }
    res.json({ accountId: account.id, balance: account.balance, currency: account.currency });
  });

  // The body is parsed only after the token and scopes are checked: anonymous callers cost nothing.
  // Large transfers: the step-up guard runs once the amount is known.
  const stepUp = requireAuthLevel(STEP_UP);
  app.post(
    '/transfers',
    transferFunds,
    express.json({ limit: '1kb' }),
    (req, res, next) => {
      const parsed = parseTransferBody(req.body);
      if (!parsed.ok) {
        res.status(400).json({ error: 'invalid_request', error_description: parsed.description });
        return;
      }
      res.locals['transfer'] = parsed.value;
      if (parsed.value.amount > STEP_UP_ABOVE) stepUp(req, res, next);
      else next();
    },
    (req, res) => {
      const outcome = ledger.transfer(owner(req), res.locals['transfer'] as TransferRequest);
      if (!outcome.ok) {
        res.status(outcome.status).json({ error: outcome.error, error_description: outcome.description });
        return;
      }
      res.status(201).json(outcome.transfer);
    },
  );

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found', error_description: 'No such route' });
  });
  app.use(renderError);
  return app;
}
