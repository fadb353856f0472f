import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  protectedResourceMetadata,
  requireAuth,
  requireClaims,
  requireScope,
  type AuthResult,
  type RequireAuthOptions,
} from '@access-guard/fastify';
import { Stock } from './stock.js';

/** The resource identifier: the audience of this API's tokens, and the subject of its RFC 9728 document. */
export const INVENTORY_RESOURCE = 'https://api.inventory.example';

/** Options of {@link createInventoryApp}. */
export interface InventoryAppOptions {
  /** The authorization server, e.g. `https://login.example.com/` (http: only on loopback). */
  issuer: string;
  /** This API's resource identifier; default {@link INVENTORY_RESOURCE}. */
  resource?: string;
}

/** The token policy of the inventory API: machine clients with client-credentials tokens. */
export function inventoryAuthOptions(options: InventoryAppOptions): RequireAuthOptions {
  return {
    issuer: options.issuer,
    // RFC 8707 / RFC 9728: the token's audience is this resource's URL, and the resource publishes
    // where its tokens come from, so a client needs nothing but the API's URL to get one.
    resource: options.resource ?? INVENTORY_RESOURCE,
    resourceMetadata: { scopesSupported: ['read:inventory', 'reserve:inventory'], resourceName: 'Inventory API' },
    // A 401 names the scope a client should ask for first.
    challengeScope: 'read:inventory',
  };
}

/** The machine client behind a token: its `client_id` (RFC 9068 §2.2), checked by requireClaims. */
function clientOf(auth: AuthResult): string {
  return auth.payload['client_id'] as string;
}

/**
 * The inventory example: items in stock, and reservations of units by machine clients.
 *
 * @example
 * ```ts
 * const app = createInventoryApp({ issuer: 'https://login.example.com/' });
 * await app.listen({ port: 3003, host: '127.0.0.1' });
 * ```
 */
export function createInventoryApp(options: InventoryAppOptions): FastifyInstance {
  const stock = new Stock();
  // Unknown body fields are refused, not silently dropped (Fastify's default removes them).
  const app = Fastify({ ajv: { customOptions: { removeAdditional: false } } });
  const auth = requireAuth(inventoryAuthOptions(options));
  // Before requireAuth: clients read the metadata without a token.
  void app.register(protectedResourceMetadata(auth));
  void app.register(auth);
  const client = (request: FastifyRequest): string => clientOf(auth.resultOf(request));

  // Every route is for machine clients: a token without client_id (a user's) is a 403.
  const machine = requireClaims((claims) => typeof claims['client_id'] === 'string' && claims['client_id'] !== '');
  const read = [machine, requireScope('read:inventory')];
  const reserve = [machine, requireScope('reserve:inventory')];

  app.get('/items', { onRequest: read }, async () => ({ items: stock.items() }));

  app.get<{ Params: { sku: string } }>('/items/:sku', { onRequest: read }, async (request, reply) => {
    const item = stock.item(request.params.sku);
    if (item === undefined) return reply.code(404).send({ error: 'item_not_found', error_description: 'No such item' });
    return item;
  });

  // The body is parsed and validated only after the token and scopes are checked (onRequest).
  app.post<{ Params: { sku: string }; Body: { quantity: number } }>(
    '/items/:sku/reservations',
    {
      onRequest: reserve,
      schema: {
        body: {
          type: 'object',
          required: ['quantity'],
          additionalProperties: false,
          properties: { quantity: { type: 'integer', minimum: 1, maximum: 1000 } },
        },
      },
    },
    async (request, reply) => {
      const outcome = stock.reserve(request.params.sku, request.body.quantity, client(request));
      if (!outcome.ok) {
        return reply.code(outcome.status).send({ error: outcome.error, error_description: outcome.description });
      }
      return reply.code(201).send(outcome.reservation);
    },
  );
  return app;
}
