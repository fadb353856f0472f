import type { IncomingMessage, ServerResponse } from 'node:http';

/** Sends `body` as JSON with `content-type: application/json` and `cache-control: no-store`. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Answers 405 with the allowed methods (RFC 9110 §15.5.6). */
export function sendMethodNotAllowed(res: ServerResponse, allowed: readonly string[]): void {
  sendJson(res, 405, { error: 'method_not_allowed' }, { allow: allowed.join(', ') });
}

/** The media type of the request without parameters, lower-cased (`''` when absent). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Reads the request body as UTF-8 text, or `undefined` when it exceeds `limitBytes` (the rest is
 * discarded so the connection stays usable).
 */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) tooLarge = true;
    if (!tooLarge) chunks.push(buffer);
  }
  return tooLarge ? undefined : Buffer.concat(chunks).toString('utf8');
}
