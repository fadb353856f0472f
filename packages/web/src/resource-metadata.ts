import { metadataAnswer, metadataToServe, type ResourceMetadataOptions } from '@access-guard/core';
import type { RequestGuard } from './request-guard.js';

/**
 * Answers RFC 9728 protected resource metadata requests at `/.well-known/oauth-protected-resource`
 * plus the resource's path: the `Response` (JSON, readable from any origin) for such a request,
 * undefined for any other. Give it the guard (configured with `resource` and `resourceMetadata`),
 * or the document's options.
 *
 * @example
 * ```ts
 * const metadata = protectedResourceMetadata(guard);
 * Bun.serve({ fetch: (request) => metadata(request) ?? handle(request) });
 * ```
 */
export function protectedResourceMetadata(
  source: Pick<RequestGuard, 'resourceMetadata'> | ResourceMetadataOptions,
): (request: Request) => Response | undefined {
  const metadata = metadataToServe(source);
  return function protectedResourceMetadata(request) {
    const answer = metadataAnswer(metadata, request.method, new URL(request.url).pathname);
    if (answer === undefined) return undefined;
    return new Response(answer.body === '' ? null : answer.body, { status: answer.status, headers: answer.headers });
  };
}
