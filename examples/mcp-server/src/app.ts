import { protectMcpEndpoint, type McpEndpoint } from '@access-guard/mcp';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Express } from 'express';
import { createNotesServer, NoteStore } from './notes.js';

/** The scope every call needs (`scopes`), and the one `add-note` needs on top (`toolScopes`). */
export const NOTES_SCOPES = { read: 'notes:read', write: 'notes:write' } as const;

/** The login `add-note` needs (RFC 9470): phishing-resistant, within the last five minutes. */
export const ADD_NOTE_LEVEL = { acr: ['phr', 'phrh'], maxAgeSeconds: 300 };

/** Options of {@link createMcpApp}. */
export interface McpAppOptions {
  /** The authorization server, e.g. `https://login.example.com/` (http: only on loopback). */
  issuer: string;
  /** This MCP server's URL, the resource tokens must be issued for: e.g. `https://mcp.example.com/mcp`. */
  resource: string;
}

/** The example app and what `protectMcpEndpoint` mounted on it. */
export interface McpApp {
  readonly app: Express;
  readonly endpoint: McpEndpoint;
}

/**
 * The MCP example: a notes server on the SDK's Streamable HTTP transport (stateless: a server and a
 * transport per request), protected by `protectMcpEndpoint`.
 *
 * @example
 * ```ts
 * const { app } = createMcpApp({ issuer: 'https://login.example.com/', resource: 'http://127.0.0.1:3003/mcp' });
 * app.listen(3003, '127.0.0.1');
 * ```
 */
export function createMcpApp(options: McpAppOptions): McpApp {
  const store = new NoteStore();
  // Validates the Host header (loopback names only) and parses JSON bodies, which the tool guards read.
  const app = createMcpExpressApp();
  app.disable('x-powered-by');
  const endpoint = protectMcpEndpoint(app, {
    issuer: options.issuer,
    resource: options.resource,
    resourceMetadata: { resourceName: 'Notes (access-guard example)', scopesSupported: Object.values(NOTES_SCOPES) },
    scopes: NOTES_SCOPES.read,
    toolScopes: { 'add-note': NOTES_SCOPES.write },
    toolAuthLevels: { 'add-note': ADD_NOTE_LEVEL },
    async handler(req, res) {
      // Stateless, answering JSON rather than an event stream (simpler to read with curl).
      // The client's GET for an event stream and DELETE of a session have nothing to do.
      if (req.method !== 'POST') {
        res
          .status(405)
          .set('Allow', 'POST')
          .json({
            jsonrpc: '2.0',
            error: { code: -32000, message: 'Method not allowed' },
            id: null,
          });
        return;
      }
      const server = createNotesServer(store);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      // req.auth is the SDK's AuthInfo: tools get it as extra.authInfo.
      await transport.handleRequest(req, res, req.body);
    },
  });
  return { app, endpoint };
}
