// Drives one server with autocannon from the runner process and measures it.
import autocannon from 'autocannon';
import { CONNECTIONS } from './config.mjs';
import { percentile } from './stats.mjs';

/** The autocannon request options that send `tokens` (see config.mjs MODES) to `path`. */
function requestOptions(mode, tokens) {
  if (mode.tokens === 'none') return {};
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
 * Runs autocannon for `seconds` against 127.0.0.1:`port` and resolves
 * { requests, rps, p50, p99, statuses, wrong, errors } where `wrong` counts responses whose status
 * is not `expect`. Latencies are kept per response (ms, fractional), not autocannon's 1-ms buckets.
 */
export async function drive({ port, mode, tokens, seconds, expect }) {
  const statuses = {};
  const latencies = [];
  const instance = autocannon({
    url: `http://127.0.0.1:${port}${mode.path}`,
    connections: CONNECTIONS,
    duration: seconds,
    ...requestOptions(mode, tokens),
  });
  instance.on('response', (client, statusCode, bytes, responseTime) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    latencies.push(responseTime);
  });
  // Bounded: autocannon stops by itself after `seconds`; this only guards against a wedged server.
  const guard = setTimeout(() => instance.stop(), (seconds + 15) * 1000);
  const result = await instance;
  clearTimeout(guard);
  latencies.sort((a, b) => a - b);
  const requests = latencies.length;
  return {
    requests,
    rps: requests / (result.duration || seconds),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    statuses,
    wrong: requests - (statuses[expect] ?? 0),
    errors: result.errors + result.timeouts,
  };
}
