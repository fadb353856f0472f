// Drives one server with autocannon from the runner process and measures it.
import autocannon from 'autocannon';
import { CONNECTIONS, DPOP_HOST } from './config.mjs';
import { percentile } from './stats.mjs';

/** The autocannon request options that send `tokens` (see config.mjs MODES) to `path`. */
function requestOptions(mode, tokens, feed) {
  if (mode.tokens === 'none') return {};
  if (mode.tokens === 'dpop') {
    if (feed === undefined) throw new TypeError('the DPoP mode needs a proof feed');
    const authorization = `DPoP ${tokens.dpop.token}`;
    return {
      requests: [
        {
          setupRequest(request) {
            request.headers.host = DPOP_HOST;
            request.headers.authorization = authorization;
            const proof = feed.take();
            if (proof === undefined) delete request.headers.dpop;
            else request.headers.dpop = proof;
            return request;
          },
        },
      ],
    };
  }
  if (mode.tokens === 'distinct') {
    // One counter for all connections: consecutive requests, on any connection, carry different
    // tokens, cycling through the whole list.
    const list = tokens.distinct;
    let next = 0;
    return {
      requests: [
        {
          setupRequest(request) {
            request.headers.authorization = `Bearer ${list[next]}`;
            next = (next + 1) % list.length;
            return request;
          },
        },
      ],
    };
  }
  const token = tokens[mode.tokens];
  if (typeof token !== 'string') throw new TypeError(`no token for mode ${mode.id}`);
  return { headers: { authorization: `Bearer ${token}` } };
}

/**
 * Runs autocannon for `seconds` (or `amount` requests) against 127.0.0.1:`port` and resolves
 * { requests, rps, p50, p99, statuses, wrong, errors } where `wrong` counts responses whose status
 * is not `expect`. Latencies are kept per response (ms, fractional), not autocannon's 1-ms buckets.
 * `feed` gives the DPoP mode its proofs (see dpop-proofs.mjs).
 */
export async function drive({ port, mode, tokens, seconds, amount, expect, feed, connections = CONNECTIONS }) {
  const statuses = {};
  const latencies = [];
  await feed?.ready({ seconds, amount });
  const instance = autocannon({
    url: `http://127.0.0.1:${port}${mode.path}`,
    connections,
    ...(amount === undefined ? { duration: seconds } : { amount, timeout: 120 }),
    ...requestOptions(mode, tokens, feed),
  });
  instance.on('response', (client, statusCode, bytes, responseTime) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    latencies.push(responseTime);
  });
  // Bounded: autocannon stops by itself after `seconds`; this only guards against a wedged server.
  const guard = setTimeout(() => instance.stop(), amount === undefined ? (seconds + 15) * 1000 : 600_000);
  const result = await instance;
  clearTimeout(guard);
  latencies.sort((a, b) => a - b);
  const requests = latencies.length;
  return {
    requests,
    rps: requests / (result.duration || seconds || 1),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    statuses,
    wrong: requests - (statuses[expect] ?? 0),
    errors: result.errors + result.timeouts,
  };
}
