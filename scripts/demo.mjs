// The access-guard demo: a local issuer and the example APIs on 127.0.0.1, with copy-paste curl
// lines. Every line is run first (with fetch) and marked ✓/✗ with the status it actually got, so the
// printout is proven. Runs until Ctrl-C; with --check it exits after the self-check (1 if a line is wrong).
//
// Needs the built packages and examples: `npm run build` at the root, or `npm run demo`.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const checkOnly = process.argv.includes('--check');

async function load() {
  try {
    const [testing, banking, todo, mcp] = await Promise.all([
      import('@access-guard/testing'),
      import('@access-guard/example-banking-api'),
      import('@access-guard/example-todo-api'),
      import('@access-guard/example-mcp-server'),
    ]);
    return { ...testing, ...banking, ...todo, ...mcp };
  } catch (error) {
    console.error('The demo runs the built code: run `npm run build` at the repository root first.');
    console.error(`(${error instanceof Error ? error.message : String(error)})`);
    process.exit(1);
  }
}

function listen(listener) {
  const server = createServer(listener);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function urlOf(server) {
  return `http://127.0.0.1:${server.address().port}`;
}

function close(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const {
  startLocalIssuer,
  generateDpopKey,
  createBankingApp,
  BANKING_AUDIENCE,
  createTodoApp,
  TODO_AUDIENCE,
  createMcpApp,
} = await load();

// The API's introspection secret is random and never printed: only the demo tokens are shown.
const introspection = { clientId: 'banking-api', clientSecret: randomBytes(24).toString('base64url') };
// ES256 only: key generation is instant and the printed tokens stay short.
const issuer = await startLocalIssuer({ algorithms: ['ES256'], clients: [introspection] });
const bankingServer = await listen(createBankingApp({ issuer: issuer.issuer, introspection }));
const todoServer = await listen(createTodoApp({ issuer: issuer.issuer }).callback());
// The MCP server's resource identifier is its own URL: the app is built once the port is known.
const mcpServer = await listen();
const MCP_RESOURCE = `${urlOf(mcpServer)}/mcp`;
mcpServer.on('request', createMcpApp({ issuer: issuer.issuer, resource: MCP_RESOURCE }).app);

async function shutdown(code) {
  await Promise.all([close(bankingServer), close(todoServer), close(mcpServer), issuer.close()]);
  process.exit(code);
}

const now = Math.floor(Date.now() / 1000);
const BOTH = [BANKING_AUDIENCE, TODO_AUDIENCE];
// The demo client's DPoP key: the bank takes only tokens bound to it, each request with a fresh proof.
const key = await generateDpopKey();
const bound = { dpop: key };
const vars = {
  BANK: urlOf(bankingServer),
  TODO: urlOf(todoServer),
  BANK_READ: await issuer.mint({ aud: BANKING_AUDIENCE, scope: 'read:accounts' }, bound),
  BANK_TRANSFER: await issuer.mint({ aud: BANKING_AUDIENCE, scope: 'transfer:funds read:accounts' }, bound),
  BANK_PASSWORD_LOGIN: await issuer.mint(
    { aud: BANKING_AUDIENCE, scope: 'transfer:funds read:accounts', acr: 'pwd', auth_time: now },
    bound,
  ),
  TODO_RW: await issuer.mint({ aud: TODO_AUDIENCE, scope: 'read:todos write:todos' }, { expiresIn: 3600 }),
  TODO_READ: await issuer.mint({ aud: TODO_AUDIENCE, scope: 'read:todos' }, { expiresIn: 3600 }),
  // The next three are valid for both APIs (aud holds both), so each shows the two policies side by
  // side; they are DPoP-bound, which the to-do API accepts too.
  EXPIRED: await issuer.mint({ aud: BOTH, scope: 'read:accounts read:todos', iat: now - 120, exp: now - 60 }, bound),
  DAY_LONG: await issuer.mint({ aud: BOTH, scope: 'read:accounts read:todos' }, { ...bound, expiresIn: 24 * 3600 }),
  TYP_JWT: await issuer.mint({ aud: BOTH, scope: 'read:accounts read:todos' }, { ...bound, typ: 'JWT' }),
  BANK_OPAQUE: issuer.issueOpaqueToken({
    sub: 'user-123',
    scope: 'read:accounts',
    aud: BANKING_AUDIENCE,
    expiresIn: 600,
    dpop: key,
  }),
  TODO_OPAQUE: issuer.issueOpaqueToken({ sub: 'user-123', profile: { name: 'Demo User', email: 'demo@example.com' } }),
  MCP: urlOf(mcpServer),
  MCP_READ: await issuer.mint({ aud: MCP_RESOURCE, scope: 'notes:read' }),
  // Both scopes, but a password login: add-note asks for a phishing-resistant one (acr phr/phrh).
  MCP_WEAK: await issuer.mint({ aud: MCP_RESOURCE, scope: 'notes:read notes:write', acr: 'pwd', auth_time: now }),
  MCP_STRONG: await issuer.mint({ aud: MCP_RESOURCE, scope: 'notes:read notes:write', acr: 'phr', auth_time: now }),
};

const TRANSFER = '{"from":"acc-123-checking","to":"acc-123-savings","amount":100}';
const LARGE_TRANSFER = '{"from":"acc-123-savings","to":"acc-123-checking","amount":500000}';
// The tokens bound to the demo key: sent with `Authorization: DPoP` and a proof (unless a line says `bearer`).
const BOUND = new Set([
  'BANK_READ',
  'BANK_TRANSFER',
  'BANK_PASSWORD_LOGIN',
  'EXPIRED',
  'DAY_LONG',
  'TYP_JWT',
  'BANK_OPAQUE',
]);
const sections = [
  {
    title: `banking-api (Express 5) on ${vars.BANK}`,
    policy:
      'DPoP required · typ strict (at+jwt only) · maxTokenAge 300 s · maxTokenLifetime 900 s · opaque tokens via introspection · step-up above 1,000 EUR',
    lines: [
      {
        expect: 200,
        what: 'read:accounts, DPoP-bound, with a fresh proof',
        base: 'BANK',
        path: '/accounts',
        token: 'BANK_READ',
      },
      {
        expect: 401,
        because: 'used before',
        what: 'the same proof again: each proof is accepted once',
        base: 'BANK',
        path: '/accounts',
        token: 'BANK_READ',
        replay: true,
      },
      {
        expect: 401,
        because: 'DPoP-bound',
        what: 'the same token as a plain bearer token: a copied token is worth nothing',
        base: 'BANK',
        path: '/accounts',
        token: 'BANK_READ',
        bearer: true,
      },
      { expect: 401, what: 'no token', base: 'BANK', path: '/accounts' },
      { expect: 401, because: 'expired', what: 'expired token', base: 'BANK', path: '/accounts', token: 'EXPIRED' },
      {
        expect: 401,
        because: 'lives longer',
        what: 'fresh 24-hour token: lives longer than 900 s',
        base: 'BANK',
        path: '/accounts',
        token: 'DAY_LONG',
      },
      {
        expect: 401,
        because: 'at+jwt',
        what: 'an access token with typ: JWT (not at+jwt), refused in strict mode',
        base: 'BANK',
        path: '/accounts',
        token: 'TYP_JWT',
      },
      {
        expect: 403,
        what: 'transfer needs transfer:funds AND read:accounts',
        base: 'BANK',
        path: '/transfers',
        token: 'BANK_READ',
        body: TRANSFER,
      },
      {
        expect: 201,
        what: 'transfer with both scopes',
        base: 'BANK',
        path: '/transfers',
        token: 'BANK_TRANSFER',
        body: TRANSFER,
      },
      {
        expect: 401,
        because: 'stronger authentication',
        what: 'a transfer above 1,000 EUR after a password login: step up (acr_values="phr phrh")',
        base: 'BANK',
        path: '/transfers',
        token: 'BANK_PASSWORD_LOGIN',
        body: LARGE_TRANSFER,
      },
      {
        expect: 200,
        what: 'opaque token via introspection (scope read:accounts)',
        base: 'BANK',
        path: '/accounts',
        token: 'BANK_OPAQUE',
      },
      {
        expect: 403,
        what: 'same opaque token: introspected scopes are enforced',
        base: 'BANK',
        path: '/transfers',
        token: 'BANK_OPAQUE',
        body: TRANSFER,
      },
    ],
  },
  {
    title: `todo-api (Koa 3) on ${vars.TODO}`,
    policy: 'typ compatible (at+jwt or JWT) · no lifetime policy · opaque tokens via userinfo (granted no scopes)',
    lines: [
      {
        expect: 201,
        what: 'write:todos: create a list',
        base: 'TODO',
        path: '/lists',
        token: 'TODO_RW',
        body: '{"name":"Groceries"}',
      },
      { expect: 200, what: 'read:todos', base: 'TODO', path: '/lists', token: 'TODO_RW' },
      { expect: 401, what: 'no token', base: 'TODO', path: '/lists' },
      { expect: 401, because: 'expired', what: 'expired token', base: 'TODO', path: '/lists', token: 'EXPIRED' },
      { expect: 200, what: 'the same 24-hour token: fine here', base: 'TODO', path: '/lists', token: 'DAY_LONG' },
      {
        expect: 200,
        what: 'the same typ: JWT token: accepted in compatible mode',
        base: 'TODO',
        path: '/lists',
        token: 'TYP_JWT',
      },
      {
        expect: 403,
        what: 'read:todos only, writing needs write:todos',
        base: 'TODO',
        path: '/lists',
        token: 'TODO_READ',
        body: '{"name":"Chores"}',
      },
      {
        expect: 200,
        because: '"name":"Demo User"',
        what: 'opaque token via userinfo: /me returns the profile, no scope needed',
        base: 'TODO',
        path: '/me',
        token: 'TODO_OPAQUE',
      },
      {
        expect: 403,
        what: 'same opaque token: userinfo grants no scopes',
        base: 'TODO',
        path: '/lists',
        token: 'TODO_OPAQUE',
      },
    ],
  },
  {
    title: `mcp-server (MCP over Streamable HTTP, Express 5) on ${vars.MCP}/mcp`,
    policy:
      'resource = its own URL (RFC 8707 audience) · RFC 9728 metadata · notes:read for every call · add-note: notes:write and acr phr/phrh within 300 s',
    lines: [
      {
        expect: 401,
        challenge: `resource_metadata="${vars.MCP}/.well-known/oauth-protected-resource/mcp"`,
        what: 'no token: the challenge points MCP clients to the metadata, and names the scope to ask for',
        ...mcpCall('tools/list'),
      },
      {
        expect: 200,
        because: `"authorization_servers":["${issuer.issuer}"]`,
        what: 'the protected resource metadata: where to get a token',
        base: 'MCP',
        path: '/.well-known/oauth-protected-resource/mcp',
      },
      { expect: 200, because: 'add-note', what: 'list the tools', token: 'MCP_READ', ...mcpCall('tools/list') },
      {
        expect: 200,
        because: 'Buy milk',
        what: 'call list-notes with notes:read',
        token: 'MCP_READ',
        ...mcpCall('tools/call', { name: 'list-notes', arguments: {} }),
      },
      {
        expect: 403,
        challenge: 'scope="notes:read notes:write"',
        what: 'add-note needs notes:write: 403 names the scopes to ask for',
        token: 'MCP_READ',
        ...mcpCall('tools/call', { name: 'add-note', arguments: { text: 'Call mum' } }),
      },
      {
        expect: 401,
        challenge: 'error="insufficient_user_authentication"',
        what: 'both scopes, but a password login: add-note asks for a stronger one (step-up, acr_values)',
        token: 'MCP_WEAK',
        ...mcpCall('tools/call', { name: 'add-note', arguments: { text: 'Call mum' } }),
      },
      {
        expect: 200,
        because: 'Call mum',
        what: 'add-note with notes:write and a phishing-resistant login',
        token: 'MCP_STRONG',
        ...mcpCall('tools/call', { name: 'add-note', arguments: { text: 'Call mum' } }),
      },
      {
        expect: 401,
        challenge: 'error="invalid_token"',
        what: "the to-do API's token: issued for another resource",
        token: 'TODO_READ',
        ...mcpCall('tools/list'),
      },
    ],
  },
];

const usesDpop = (line) => line.token !== undefined && BOUND.has(line.token) && line.bearer !== true;

/**
 * The proofs of a DPoP line: one the self-check sends, one printed for you (unused, valid for a few
 * minutes); a `replay` line sends the previous line's proofs again.
 */
let previousProofs;
async function proofsOf(line) {
  if (line.replay === true) return previousProofs;
  const proof = () =>
    issuer.dpopProof({
      key,
      htm: line.body === undefined ? 'GET' : 'POST',
      htu: `${vars[line.base]}${line.path}`,
      accessToken: vars[line.token],
    });
  previousProofs = { sent: await proof(), printed: await proof() };
  return previousProofs;
}

/** A JSON-RPC request to the MCP endpoint, as a client of the Streamable HTTP transport sends it. */
function mcpCall(method, params) {
  return {
    base: 'MCP',
    path: '/mcp',
    headers: { Accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, ...(params === undefined ? {} : { params }) }),
  };
}

function curlOf(line) {
  const parts = [`curl -i "$${line.base}${line.path}"`];
  if (line.token !== undefined) parts.push(`-H "Authorization: ${usesDpop(line) ? 'DPoP' : 'Bearer'} $${line.token}"`);
  if (usesDpop(line)) parts.push(`-H "DPoP: ${line.proofs.printed}"`);
  for (const [name, value] of Object.entries(line.headers ?? {})) parts.push(`-H '${name}: ${value}'`);
  if (line.body !== undefined) parts.push(`-H 'Content-Type: application/json' -d '${line.body}'`);
  return parts.join(' ');
}

/** Runs a line; answers its status, its body and, for an error, the JSON body's error_description. */
async function run(line) {
  const headers = { ...line.headers };
  if (line.token !== undefined) headers.authorization = `${usesDpop(line) ? 'DPoP' : 'Bearer'} ${vars[line.token]}`;
  if (usesDpop(line)) {
    line.proofs = await proofsOf(line);
    headers.dpop = line.proofs.sent;
  }
  if (line.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${vars[line.base]}${line.path}`, {
    method: line.body === undefined ? 'GET' : 'POST',
    headers,
    body: line.body,
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  let description;
  if (!response.ok) {
    try {
      description = JSON.parse(text).error_description;
    } catch {
      description = undefined;
    }
  }
  return { status: response.status, text, description, challenge: response.headers.get('www-authenticate') ?? '' };
}

// A line is right when the status matches and, where it names one, the body holds `because` and
// the WWW-Authenticate header holds `challenge`: a 401 for the wrong reason, or a 200 without the
// profile, would prove nothing.
function isRight(line) {
  return (
    line.actual === line.expect &&
    (line.because === undefined || line.text.includes(line.because)) &&
    (line.challenge === undefined || line.gotChallenge.includes(line.challenge))
  );
}

// Run every line, in order (the transfer and list creation change state), before printing any.
let failures = 0;
for (const section of sections) {
  for (const line of section.lines) {
    try {
      const { status, text, description, challenge } = await run(line);
      Object.assign(line, { actual: status, text, description, gotChallenge: challenge });
    } catch (error) {
      line.text = '';
      line.gotChallenge = '';
      line.actual = `no answer (${error instanceof Error ? error.message : String(error)})`;
    }
    if (!isRight(line)) failures += 1;
  }
}

const out = [];
out.push(`Local issuer: ${issuer.issuer}  (demo user: user-123)`, '');
out.push('# Paste these first: the APIs and the demo tokens.');
for (const [name, value] of Object.entries(vars)) out.push(`export ${name}='${value}'`);
for (const section of sections) {
  out.push('', `== ${section.title}`, `   ${section.policy}`);
  for (const line of section.lines) {
    const got = line.description === undefined ? line.actual : `${line.actual} "${line.description}"`;
    out.push(
      '',
      `${isRight(line) ? '✓' : '✗'} expect ${line.expect}, got ${got}`,
      `  # ${line.what}`,
      `  ${curlOf(line)}`,
    );
    if (line.challenge !== undefined) out.push(`  # WWW-Authenticate: ${line.gotChallenge}`);
  }
}
out.push('');
out.push(
  failures === 0
    ? `All ${sections.flatMap((s) => s.lines).length} lines proven.`
    : `${failures} line(s) did not answer as expected.`,
);
console.log(out.join('\n'));

if (checkOnly) await shutdown(failures === 0 ? 0 : 1);

console.log(
  'banking-api refuses these tokens and proofs 5 minutes after they were minted (maxTokenAge, the DPoP iat window), and each printed proof works once;',
);
console.log('mcp-server refuses add-note to MCP_STRONG 5 minutes after its login (max_age): restart for fresh ones.');
console.log('Running. Press Ctrl-C to stop.');
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void shutdown(0));
