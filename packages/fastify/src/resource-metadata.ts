import { metadataAnswer, metadataToServe, type ResourceMetadataOptions } from '@access-guard/core';
import type { FastifyInstance, FastifyPluginOptions, FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import type { AuthPlugin } from './require-auth.js';

/** What `protectedResourceMetadata` returns: an `onRequest` hook, and the same value as a plugin. */
export interface MetadataPlugin {
  /** The hook form: `app.addHook('onRequest', metadata)`, before `requireAuth`'s hook. */
  (request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** The plugin form: `app.register(metadata)`, before `requireAuth`. */
  (instance: FastifyInstance, options?: FastifyPluginOptions): Promise<void>;
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Serves RFC 9728 protected resource metadata at `/.well-known/oauth-protected-resource` plus the
 * resource's path (`…/mcp` for `https://api.example/mcp`): JSON, readable from any origin. Give it
 * the `requireAuth` plugin (configured with `resource` and `resourceMetadata`), or the document's
 * options. Register it before `requireAuth`: it must be reachable without a token.
 *
 * @example
 * ```ts
 * const auth = requireAuth({ issuer, resource: 'https://api.example/mcp', resourceMetadata: true });
 * await app.register(protectedResourceMetadata(auth));
 * await app.register(auth);
 * ```
 */
export function protectedResourceMetadata(source: AuthPlugin | ResourceMetadataOptions): MetadataPlugin {
  const metadata = metadataToServe(source);
  async function serve(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const answer = metadataAnswer(metadata, request.method, pathOf(request.url));
    // A Buffer, so that Fastify sends the Content-Type as it is (it adds a charset to a string's).
    if (answer !== undefined) void reply.code(answer.status).headers(answer.headers).send(Buffer.from(answer.body));
  }
  async function protectedResourceMetadata(first: FastifyRequest | FastifyInstance, reply?: unknown): Promise<void> {
    if (typeof (first as Partial<FastifyInstance>).addHook === 'function') {
      (first as FastifyInstance).addHook('onRequest', serve);
      return;
    }
    await serve(first as FastifyRequest, reply as FastifyReply);
  }
  return fastifyPlugin(protectedResourceMetadata, { fastify: '5.x' }) as unknown as MetadataPlugin;
}
