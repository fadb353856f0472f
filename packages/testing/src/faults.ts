import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IssuerFault } from './types.js';

const NAMED_FAULTS: readonly string[] = ['refuse', 'hang', 'html', 'empty-object', 'huge'];

/** Size of the `'huge'` body: 10 MiB, far past any sane metadata or JWKS size cap. */
const HUGE_BODY_BYTES = 10 * 1024 * 1024;

let hugeBody: Buffer | undefined;

/** A valid JSON object of about 10 MiB, built once and shared. */
function getHugeBody(): Buffer {
  hugeBody ??= Buffer.from(`{"keys":[],"padding":"${'x'.repeat(HUGE_BODY_BYTES)}"}`);
  return hugeBody;
}

/** Throws a `TypeError` unless `fault` is a fault `setFault()` understands. */
export function assertFault(fault: unknown): asserts fault is IssuerFault {
  if (typeof fault === 'string') {
    if (NAMED_FAULTS.includes(fault)) return;
  } else if (typeof fault === 'object' && fault !== null) {
    const { status } = fault as { status?: unknown };
    if (typeof status === 'number' && Number.isInteger(status) && status >= 200 && status <= 599) return;
  }
  throw new TypeError(
    `a fault is one of ${NAMED_FAULTS.join(', ')} or { status: 200..599, body?, headers? }; got ${String(fault)}`,
  );
}

/** Answers `req` with `fault` instead of the endpoint's real answer. */
export function applyFault(req: IncomingMessage, res: ServerResponse, fault: IssuerFault): void {
  switch (fault) {
    case 'refuse':
      req.socket.destroy();
      return;
    case 'hang':
      // Never answer; close() destroys the socket.
      return;
    case 'html':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body><h1>Maintenance</h1><p>We will be back soon.</p></body></html>');
      return;
    case 'empty-object':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
      return;
    case 'huge': {
      const body = getHugeBody();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
      return;
    }
    default: {
      const body = fault.body ?? '';
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const [name, value] of Object.entries(fault.headers ?? {})) headers[name.toLowerCase()] = value;
      res.writeHead(fault.status, { ...headers, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    }
  }
}
