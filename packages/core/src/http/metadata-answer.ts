import { createResourceMetadata, type ResourceMetadata, type ResourceMetadataOptions } from './resource-metadata.js';

/** The headers of a metadata answer: JSON, readable from any origin (RFC 9728 §3: clients fetch it cross-origin). */
export const METADATA_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'application/json',
  'Access-Control-Allow-Origin': '*',
  'Cache-Control': 'public, max-age=3600',
});

/** The headers of an answer to a CORS preflight for the metadata. */
export const METADATA_PREFLIGHT_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Max-Age': '86400',
});

/**
 * The metadata an adapter's `protectedResourceMetadata` serves: the document of a `requireAuth`
 * (given as the middleware, which carries it) or one built from explicit options.
 * @throws TypeError when the middleware was configured without `resourceMetadata`.
 * @example
 * ```ts
 * const metadata = metadataToServe(auth); // auth = requireAuth({ issuer, resource, resourceMetadata: true })
 * ```
 */
export function metadataToServe(
  source: { readonly resourceMetadata: ResourceMetadata | undefined } | ResourceMetadataOptions,
): ResourceMetadata {
  if (source === null || (typeof source !== 'object' && typeof source !== 'function')) {
    throw new TypeError(
      'access-guard: protectedResourceMetadata needs a requireAuth middleware or { resource, authorizationServers }.',
    );
  }
  if (!('resource' in source)) {
    if (source.resourceMetadata === undefined) {
      throw new TypeError(
        "access-guard: this requireAuth publishes no metadata: give it { resource: 'https://api.example/mcp', resourceMetadata: true }.",
      );
    }
    return source.resourceMetadata;
  }
  return createResourceMetadata(source);
}

/**
 * What an adapter answers to `method` on `pathname`: the document, a preflight, or nothing (not its path).
 * @example
 * ```ts
 * const answer = metadataAnswer(metadata, req.method, pathname);
 * if (answer !== undefined) res.writeHead(answer.status, answer.headers).end(answer.body);
 * ```
 */
export function metadataAnswer(
  metadata: ResourceMetadata,
  method: string,
  pathname: string,
): { status: number; headers: Readonly<Record<string, string>>; body: string } | undefined {
  if (pathname !== metadata.path) return undefined;
  if (method === 'GET' || method === 'HEAD') return { status: 200, headers: METADATA_HEADERS, body: metadata.body };
  if (method === 'OPTIONS') return { status: 204, headers: METADATA_PREFLIGHT_HEADERS, body: '' };
  return { status: 405, headers: { Allow: 'GET, HEAD, OPTIONS' }, body: '' };
}
