import { Agent, createServer, request, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request exactly as it goes on the wire; header values use Node's latin1 range. */
export interface WireRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Path and query, printable ASCII only (the server refuses anything else before the app sees it). */
  path: string;
  /** Header lines in order, excluding Host; a name may repeat. */
  headers: ReadonlyArray<readonly [string, string]>;
  /** A urlencoded body, sent as `contentType` (default `application/x-www-form-urlencoded`). */
  form?: string;
  contentType?: string;
}

/** What came back, raw enough to check every header line. */
export interface WireResponse {
  status: number;
  rawHeaders: string[];
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * An app served on a real `http.Server` on 127.0.0.1, port 0, with its own keep-alive agent, so
 * a hundred thousand requests pay neither a listen nor a TCP handshake each.
 */
export class HttpTarget {
  readonly #server: Server;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 4 });
  #port = 0;

  private constructor(listener: RequestListener) {
    this.#server = createServer(listener);
    // Longer than any pause between two properties, so a reused socket is never closed under us.
    this.#server.keepAliveTimeout = 120_000;
  }

  static async listen(listener: RequestListener): Promise<HttpTarget> {
    const target = new HttpTarget(listener);
    await new Promise<void>((resolve, reject) => {
      target.#server.once('error', reject);
      target.#server.listen(0, '127.0.0.1', () => resolve());
    });
    target.#port = (target.#server.address() as AddressInfo).port;
    return target;
  }

  /** Sends one request; rejects when the server gives no answer within `timeoutMs`. */
  send(wire: WireRequest, timeoutMs = 10_000): Promise<WireResponse> {
    const headers: string[] = ['Host', `127.0.0.1:${this.#port}`];
    for (const [name, value] of wire.headers) headers.push(name, value);
    if (wire.form !== undefined) {
      headers.push(
        'Content-Type',
        wire.contentType ?? 'application/x-www-form-urlencoded',
        'Content-Length',
        String(Buffer.byteLength(wire.form)),
      );
    }
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: this.#port, method: wire.method, path: wire.path, agent: this.#agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              rawHeaders: res.rawHeaders,
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(wire.form);
    });
  }

  async close(): Promise<void> {
    this.#agent.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
