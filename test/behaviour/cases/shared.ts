import type { IssuerCounts, IssuerEndpoint, IssuerFault, LocalIssuer } from '@access-guard/testing';
import { ROUTES } from '../apps.js';
import type { Provider, ProviderConfig } from './providers.js';

/** The API identifier every app in the table protects. */
export const AUDIENCE = 'https://api.behaviour.test';
/** The protected resource of the 'resource' configuration (RFC 8707, RFC 9728). */
export const RESOURCE = 'https://api.behaviour.test/mcp';
/** The introspection client the local issuer knows by default. */
export const RESOURCE_SERVER = { clientId: 'resource-server', clientSecret: 'resource-server-secret' };

/** Named `requireAuth` configurations; each case names one (default `'default'`). */
export type ConfigName =
  | 'default'
  | 'query'
  | 'body'
  | 'strict'
  | 'introspection'
  | 'userinfo'
  | 'short-timeout'
  | 'lifetime'
  | 'vault'
  | 'optional'
  | 'trailing-slash'
  | 'resource'
  | 'dpop-required'
  | 'dpop-nonce'
  | 'dpop-origin'
  | 'mtls-header'
  | 'cookie'
  // A provider's configuration, as its README section documents it (see providers.ts).
  | ProviderConfig;

/** The realm each configuration's challenges must carry. */
export const realmOf = (config: ConfigName | undefined): string => (config === 'vault' ? 'vault' : 'api');

/** A request to send: the token (if any) is minted per case against the running issuer. */
export interface CaseRequest {
  method?: 'GET' | 'POST' | 'HEAD';
  path?: string;
  /** Header values; an array sends the header several times. */
  headers?: Record<string, string | string[]>;
  /** A urlencoded form body. */
  form?: Record<string, string>;
}

/** The outcome a case demands. `error: null` means the challenge must carry no `error` attribute. */
export interface Expectation {
  status: number;
  error?: string | null;
  scope?: string;
  sub?: string;
  format?: 'jwt' | 'opaque';
  scopes?: readonly string[];
  cacheControl?: string;
  /** Exact number of calls the issuer receives on each named endpoint during the request. */
  upstream?: Partial<Record<keyof IssuerCounts, number>>;
  userinfo?: Record<string, unknown>;
  /** The `extra` member of an enriched copy of the result, as the handler saw it. */
  extra?: number;
  /** The handler ran without a result (optional authentication). */
  anonymous?: boolean;
  /** The `error` member of a JSON body (adapters that answer in JSON). */
  bodyError?: string;
  /** Challenge attributes that must be there, with these values. */
  challenge?: Record<string, string>;
  /** The scheme the result says the token came with. */
  scheme?: 'Bearer' | 'DPoP';
  /** The binding the result shows (`cnf`). */
  confirmation?: Record<string, string>;
  /** The challenge that carries the error: `DPoP` (RFC 9449 §7.1); default the Bearer one. */
  challengeOn?: 'Bearer' | 'DPoP';
  /** Response headers that must have these values (`true`: any value). */
  headers?: Record<string, string | true>;
  /** The JSON body of a 200 that is no protected route (a metadata document), and its headers. */
  document?: { body: (issuer: LocalIssuer) => Record<string, unknown>; headers: Record<string, string> };
}

/** One row of the table. */
export interface BehaviourCase {
  /** A sentence: the test's name. */
  name: string;
  /** The SPEC section it covers. */
  spec: string;
  config?: ConfigName;
  /** The provider whose local issuer the row's token comes from; default the generic issuer. */
  provider?: Provider;
  /** Build the app afresh (cold caches), e.g. for issuer-fault rows. */
  freshApp?: boolean;
  /** A fault the issuer shows during the request. */
  fault?: { endpoint: IssuerEndpoint | 'all'; fault: IssuerFault };
  request(issuer: LocalIssuer): Promise<CaseRequest>;
  /**
   * A second request, built from the first's answer (a nonce to use, a proof to replay); the row's
   * expectation is then about the second answer, and `first` about the first.
   */
  then?: (
    issuer: LocalIssuer,
    first: { status: number; headers: Record<string, string> },
    sent: CaseRequest,
  ) => Promise<CaseRequest>;
  first?: { status: number; error?: string };
  expect: Expectation;
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
export const aud = { aud: AUDIENCE };
export const now = (): number => Math.floor(Date.now() / 1000);

/** A request with a freshly minted, valid token for `AUDIENCE`, with extra claims. */
export const withToken =
  (claims: Record<string, unknown> = {}, path: string = ROUTES.protected) =>
  async (issuer: LocalIssuer): Promise<CaseRequest> => ({
    path,
    headers: bearer(await issuer.mint({ ...aud, ...claims })),
  });

export const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** A request with a token forged from raw parts, signed with the issuer's real RS256 key unless `signature` says otherwise. */
export const forged =
  (header: Record<string, unknown>, claims: Record<string, unknown> | string = {}, signature?: string) =>
  async (issuer: LocalIssuer): Promise<CaseRequest> => {
    const payload =
      typeof claims === 'string'
        ? claims
        : { iss: issuer.issuer, ...aud, sub: 'user-123', exp: now() + 300, ...claims };
    const token = await issuer.forge({
      header: { kid: issuer.currentKid('RS256'), typ: 'at+jwt', ...header },
      payload,
      alg: 'RS256',
      ...(signature === undefined ? {} : { signature }),
    });
    return { headers: bearer(token) };
  };
export const raw = (token: string) => async (): Promise<CaseRequest> => ({ headers: bearer(token) });

/** SPEC §6: hostile input. Each row is 400/401/403 with the stated details, never 5xx, never a pass. */
