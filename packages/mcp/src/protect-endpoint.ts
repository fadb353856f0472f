import { protectedResourceMetadata, requireAuth, requireScope } from '@access-guard/express';
import type { AuthOptions, ResourceMetadata, ResourceMetadataDetails } from '@access-guard/core';
import type { IRouter, NextFunction, Request, RequestHandler, Response } from 'express';
import { authResultOf, toAuthInfo, type McpAuthInfo } from './auth-info.js';
import { requireToolAccess, type ToolAuthLevels, type ToolScopes } from './tool-guards.js';

/** An Express request on a protected MCP endpoint: `auth` is the SDK's `AuthInfo` (and the access-guard result). */
export type McpRequest = Request & { auth: McpAuthInfo };

/** The MCP handler `protectMcpEndpoint` mounts: it passes `req` to the SDK transport's `handleRequest`. */
export type McpHandler = (req: McpRequest, res: Response) => unknown;

/** Options of {@link protectMcpEndpoint}: those of `requireAuth`, plus the endpoint's. */
export interface ProtectMcpEndpointOptions extends AuthOptions {
  /** The MCP server's resource identifier (RFC 8707, RFC 9728): its URL, e.g. `https://mcp.example.com/mcp`. */
  resource: string;
  /** Where the endpoint is mounted in this app; default: the path of `resource`. */
  path?: string | undefined;
  /** RFC 9728 document fields (`scopesSupported`, `resourceName`, …); default `true` (the derived document). */
  resourceMetadata?: true | ResourceMetadataDetails | undefined;
  /** Scopes every request to the endpoint needs (403 without them); also the `scope` of a 401 by default. */
  scopes?: string | readonly string[] | undefined;
  /** Scopes each tool needs, by tool name: calling it without them is 403 `insufficient_scope` naming them. */
  toolScopes?: ToolScopes | undefined;
  /** Step-up each tool needs, by tool name (RFC 9470): 401 `insufficient_user_authentication`. */
  toolAuthLevels?: ToolAuthLevels | undefined;
  /** The MCP handler, mounted on `path` for every method after the guards; or mount your own after this call. */
  handler?: McpHandler | undefined;
}

/** What {@link protectMcpEndpoint} mounted. */
export interface McpEndpoint {
  /** The path the guard and handler are mounted on. */
  readonly path: string;
  /** The RFC 9728 document served, its `path` and its absolute `url` (the challenges' `resource_metadata`). */
  readonly resourceMetadata: ResourceMetadata;
  /** Fetches the issuer's metadata and keys now; `await` it before `listen` to refuse a wrong configuration. */
  ready(): Promise<void>;
  /**
   * `req` typed for the SDK transport (`auth` the SDK's `AuthInfo`), for a handler mounted apart from
   * `handler`. Throws `GuardOrderError` (500) on a request this endpoint did not authenticate.
   */
  requestOf(req: Request): McpRequest;
}

function endpointPath(path: string | undefined, resource: URL): string {
  if (path === undefined) return resource.pathname;
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError("access-guard: protectMcpEndpoint's `path` must start with '/', e.g. '/mcp'.");
  }
  return path;
}

/**
 * Protects an MCP server's Streamable HTTP endpoint on an Express app in one call: serves the RFC 9728
 * metadata at `/.well-known/oauth-protected-resource/<path>`, requires a token for `resource` on
 * `path` (401 challenges point to the metadata; DPoP accepted), applies the endpoint's and each
 * tool's scopes and step-up, and gives the SDK's transport `req.auth` as the SDK's `AuthInfo`, which
 * tools receive as `extra.authInfo` ({@link authResultOf} gives the access-guard result).
 * Mount a JSON body parser first (`createMcpExpressApp()` does).
 *
 * @example
 * ```ts
 * const app = createMcpExpressApp();
 * const endpoint = protectMcpEndpoint(app, {
 *   issuer: 'https://login.example.com/',
 *   resource: 'https://mcp.example.com/mcp',
 *   scopes: 'mcp:tools',
 *   toolScopes: { 'delete-note': 'notes:write' },
 *   handler: async (req, res) => {
 *     const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
 *     await createServer().connect(transport);
 *     await transport.handleRequest(req, res, req.body);
 *   },
 * });
 * await endpoint.ready();
 * ```
 */
export function protectMcpEndpoint(app: IRouter, options: ProtectMcpEndpointOptions): McpEndpoint {
  if (options === null || typeof options !== 'object' || typeof options.resource !== 'string') {
    throw new TypeError(
      "access-guard: protectMcpEndpoint needs { issuer, resource }, e.g. { issuer: 'https://login.example.com/', resource: 'https://mcp.example.com/mcp' }.",
    );
  }
  const { path, scopes, toolScopes, toolAuthLevels, handler, ...authOptions } = options;
  if (authOptions.optional === true) {
    throw new TypeError(
      'access-guard: an MCP endpoint requires a token; `optional` cannot be used with protectMcpEndpoint.',
    );
  }
  if (handler !== undefined && typeof handler !== 'function') {
    throw new TypeError("access-guard: protectMcpEndpoint's `handler` must be a function (req, res).");
  }
  const auth = requireAuth({
    ...authOptions,
    resourceMetadata: authOptions.resourceMetadata ?? true,
    challengeScope: authOptions.challengeScope ?? scopes,
  });
  const resource = options.resource;
  const metadata = auth.resourceMetadata as ResourceMetadata;
  const mounted = endpointPath(path, new URL(resource));

  const giveAuthInfo: RequestHandler = function giveAuthInfo(req, _res, next) {
    if (req.auth !== undefined) req.auth = toAuthInfo(req.auth, resource);
    next();
  };
  const guards = [
    auth,
    giveAuthInfo,
    ...(scopes === undefined ? [] : [requireScope(scopes)]),
    ...[requireToolAccess(toolScopes, toolAuthLevels)].filter((guard) => guard !== undefined),
  ];
  app.use(protectedResourceMetadata(auth));
  app.use(mounted, ...guards);
  if (handler !== undefined) {
    app.all(mounted, function mcpHandler(req: Request, res: Response, next: NextFunction) {
      Promise.resolve()
        .then(() => handler(req as unknown as McpRequest, res))
        .catch(next);
    });
  }
  return {
    path: mounted,
    resourceMetadata: metadata,
    ready: () => auth.ready(),
    requestOf(req) {
      authResultOf(req.auth as McpAuthInfo | undefined);
      return req as unknown as McpRequest;
    },
  };
}
