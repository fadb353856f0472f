// Runs inside a fresh app's directory, against the packages installed there from tarballs: starts the
// local issuer of @access-guard/testing, builds the app with buildApp(options) and checks it over HTTP.
// Prints "check ok <name>" or "check FAIL <name>: why" per check; any other output is the library's
// (the caller asserts it logged nothing but the one configuration error).
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { startLocalIssuer } from '@access-guard/testing';

const appFile = process.argv[2];
const loaded = await import(pathToFileURL(appFile).href);
const buildApp = loaded.buildApp ?? loaded.default?.buildApp;
const AUDIENCE = 'https://api.fresh.example';
const issuer = await startLocalIssuer();
const servers = [];

function check(name, ok, detail) {
  console.log(ok ? `check ok ${name}` : `check FAIL ${name}: ${detail}`);
}

async function serve(options) {
  const { listener, ready } = buildApp({ issuer: issuer.issuer, audience: AUDIENCE, ...options });
  const server = createServer(listener);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${server.address().port}`, ready };
}

async function get(url, headers = {}) {
  const response = await fetch(url, { headers });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    challenge: response.headers.get('www-authenticate') ?? '',
    json,
  };
}

const bearer = (token) => ({ authorization: `Bearer ${token}` });
const reading = await issuer.mint({ aud: AUDIENCE, scope: 'read' });
const writing = await issuer.mint({ aud: AUDIENCE, scope: 'write' });

// 1. The quick start answers JSON 401/403 with the challenge, and 200 with the scope.
const api = await serve({});
const none = await get(`${api.url}/me`);
check(
  'no token: 401 JSON with the challenge, no error attribute',
  none.status === 401 &&
    none.type.startsWith('application/json') &&
    /^Bearer realm="api"(,|$)/.test(none.challenge) &&
    !none.challenge.includes('error='),
  JSON.stringify(none),
);
const bad = await get(`${api.url}/me`, bearer('abc.def.ghi'));
check(
  'bad token: 401 invalid_token JSON',
  bad.status === 401 && bad.json?.error === 'invalid_token' && bad.challenge.includes('error="invalid_token"'),
  JSON.stringify(bad),
);
const scope = await get(`${api.url}/me`, bearer(writing));
check(
  'missing scope: 403 insufficient_scope JSON',
  scope.status === 403 && scope.json?.error === 'insufficient_scope' && scope.challenge.includes('scope="read"'),
  JSON.stringify(scope),
);
const good = await get(`${api.url}/me`, bearer(reading));
check('good token: 200', good.status === 200 && good.json?.sub === 'user-123', JSON.stringify(good));

// 2. A trailing-slash issuer: ready() throws naming both values (and the default logger says it once:
// the caller counts the lines). Without ready(), the tokens are refused, never let through.
const slashed = `${issuer.issuer}/`;
const wrong = await serve({ issuer: slashed });
const readyError = await wrong.ready().then(
  () => undefined,
  (error) => error,
);
check(
  'trailing-slash issuer: ready() throws naming both values',
  readyError instanceof Error &&
    readyError.message.includes(JSON.stringify(slashed)) &&
    readyError.message.includes(JSON.stringify(issuer.issuer)),
  String(readyError),
);
const unready = await serve({ issuer: slashed });
const outages = [await get(`${unready.url}/me`, bearer(reading)), await get(`${unready.url}/me`, bearer(reading))];
check(
  'trailing-slash issuer: requests are refused, quietly',
  outages.every((answer) => answer.status === 401 || answer.status === 503),
  JSON.stringify(outages),
);

// 3. Optional authentication.
const optional = await serve({ optional: true });
const anonymous = await get(`${optional.url}/hello`);
const named = await get(`${optional.url}/hello`, bearer(reading));
const refused = await get(`${optional.url}/hello`, bearer('abc.def.ghi'));
check(
  'optional auth: no token served, a token read, a bad token refused',
  anonymous.status === 200 &&
    anonymous.json?.user === null &&
    named.json?.user === 'user-123' &&
    refused.status === 401,
  JSON.stringify({ anonymous, named, refused }),
);

// 4. A token in a cookie works where configured and is ignored where not.
const cookie = await serve({ tokenCookie: 'at' });
const withCookie = await get(`${cookie.url}/me`, { cookie: `theme=dark; at=${reading}` });
const ignored = await get(`${api.url}/me`, { cookie: `at=${reading}` });
check(
  'cookie token: accepted where configured, ignored elsewhere',
  withCookie.status === 200 && ignored.status === 401 && ignored.json?.error !== 'invalid_token',
  JSON.stringify({ withCookie, ignored }),
);

// 5. `npx access-guard explain` names the failing check; the token is never printed. The bin is the
// same in every app: the caller asks for it in one (--explain).
function explain(token) {
  return new Promise((resolve) => {
    const child = execFile(
      'npx',
      ['--no', 'access-guard', 'explain', '-', '--issuer', issuer.issuer, '--audience', AUDIENCE],
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, output: stdout + stderr }),
    );
    child.stdin.end(token);
  });
}
const now = Math.floor(Date.now() / 1000);
const expired = await issuer.mint({ aud: AUDIENCE, iat: now - 900, exp: now - 600 });
const cases = !process.argv.includes('--explain')
  ? []
  : [
      ['expired', expired, /^ {2}FAIL {2}exp /m],
      ['wrong audience', await issuer.mint({ aud: 'https://other.example' }), /^ {2}FAIL {2}aud /m],
      ['wrong issuer', await issuer.mint({ aud: AUDIENCE, iss: 'https://other.example/' }), /^ {2}FAIL {2}iss /m],
    ];
for (const [what, token, failing] of cases) {
  const { code, output } = await explain(token);
  check(
    `explain: ${what} names the failing check`,
    code === 1 && failing.test(output) && !output.includes(token),
    `exit ${code}: ${output}`,
  );
}
if (cases.length > 0) {
  const accepted = await explain(reading);
  check('explain: a good token passes', accepted.code === 0 && /\naccepted\n$/.test(accepted.output), accepted.output);
}

for (const server of servers) server.close();
await issuer.close();
