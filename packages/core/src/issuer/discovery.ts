import { ConfigurationError, detailValue } from '../errors.js';
import { SingleFlight } from '../store/single-flight.js';
import type { CallGate } from './call-gate.js';
import { fetchIssuerJson, isJsonObject, unusableAnswer } from './fetch-json.js';
import { insecureUrlReason, isLoopbackUrl } from './secure-url.js';

/** Where instances share the issuer's metadata (a shared store); reads never throw. */
export interface MetadataSharing {
  read(): Promise<unknown>;
  write(metadata: IssuerMetadata): void;
}

/** The fields of OpenID Connect Discovery / RFC 8414 metadata that access-guard uses. */
export interface IssuerMetadata {
  readonly issuer: string;
  readonly jwks_uri?: string;
  readonly userinfo_endpoint?: string;
  readonly introspection_endpoint?: string;
  readonly [field: string]: unknown;
}

/** The two well-known locations, in the order they are tried (OIDC Discovery §4, RFC 8414 §3). */
export function metadataUrls(issuer: string): [string, string] {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname;
  return [
    // OIDC Discovery §4: append to the issuer, without doubling its trailing slash.
    `${url.origin}${path.replace(/\/$/, '')}/.well-known/openid-configuration`,
    // RFC 8414 §3.1: insert the well-known segment before the issuer's path, kept as it is.
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
  ];
}

/** The endpoints that access-guard reads from issuer metadata. */
export type MetadataEndpoint = 'jwks_uri' | 'userinfo_endpoint' | 'introspection_endpoint';

/**
 * An endpoint from the metadata of `issuer`, held to the rule for a configured one: https and no
 * credentials. Plain http on loopback only when the issuer itself is on loopback: an https issuer
 * must not send the API's secrets and users' tokens to a cleartext port on the API's own machine.
 * `insecureHttp` (the development opt-in `allowInsecureHttpIssuer`) lets plain http through anywhere.
 */
export function discoveredEndpoint(
  issuer: string,
  metadata: IssuerMetadata,
  field: MetadataEndpoint,
  fix?: string,
  insecureHttp = false,
) {
  const value = metadata[field];
  const reason =
    typeof value === 'string'
      ? insecureUrlReason(value, isLoopbackUrl(issuer), insecureHttp)
      : `the issuer's metadata has no ${field}`;
  if (reason === undefined) return value as string;
  throw new ConfigurationError(`The issuer's ${field} cannot be used`, {
    cause: new Error(`${field}: ${reason}`),
    detail: { actual: detailValue(value), fix },
  });
}

/** The configuration error of metadata that names another issuer: both values, and the fix. */
function issuerMismatch(configured: string, named: unknown, url: string): ConfigurationError {
  const slash = typeof named === 'string' && named.replace(/\/$/, '') === configured.replace(/\/$/, '');
  return new ConfigurationError("The issuer's metadata names another issuer", {
    cause: new Error(
      `discovery ${url}: the metadata names issuer ${detailValue(named)}, not ${detailValue(configured)}`,
    ),
    detail: {
      expected: detailValue(configured),
      actual: detailValue(named),
      fix: slash
        ? `The two differ by a trailing slash; issuers are compared byte for byte. Set issuer to ${detailValue(named)}.`
        : 'Set issuer to the identifier the issuer publishes (the iss of its tokens).',
    },
  });
}

/**
 * Fetches and caches the issuer's metadata. Concurrent callers share one fetch and success is cached
 * for the life of the process; after a failure the gate answers 503 at once until its cooldown ends.
 */
export class IssuerDiscovery {
  readonly #flight = new SingleFlight<IssuerMetadata>();
  #metadata: IssuerMetadata | undefined;

  /**
   * @param discoverAt where the metadata is published, when not at the issuer itself (a
   *   multi-tenant issuer's, whose metadata names the issuer with its tenant placeholder)
   */
  constructor(
    private readonly issuer: string,
    private readonly timeoutMs: number,
    private readonly gate: CallGate,
    private readonly discoverAt: string = issuer,
    private readonly sharing?: MetadataSharing,
  ) {}

  get(): Promise<IssuerMetadata> {
    if (this.#metadata !== undefined) return Promise.resolve(this.#metadata);
    return this.#flight.run('metadata', async () => {
      // Metadata another instance fetched, held to the same rule: it must name this issuer.
      const shared = await this.sharing?.read();
      if (isJsonObject(shared) && shared['issuer'] === this.issuer) {
        this.#metadata = shared as IssuerMetadata;
        return this.#metadata;
      }
      this.#metadata = await this.gate.run(() => this.#fetch());
      this.sharing?.write(this.#metadata);
      return this.#metadata;
    });
  }

  async #fetch(): Promise<IssuerMetadata> {
    const [openid, oauth] = metadataUrls(this.discoverAt);
    let lastReason = '';
    for (const url of [openid, oauth]) {
      const request = { url, what: 'discovery', timeoutMs: this.timeoutMs };
      const { status, json, retryAfterSeconds } = await fetchIssuerJson(request);
      // 404/410 means "not published here": try the other well-known location.
      if (status === 404 || status === 410) {
        lastReason = `HTTP ${status}`;
        continue;
      }
      if (status !== 200) throw unusableAnswer(request, `HTTP ${status}`, retryAfterSeconds);
      if (!isJsonObject(json)) throw unusableAnswer(request, 'the answer is not a JSON object');
      // A document without an issuer is a broken answer; one naming another issuer is refused (OIDC
      // Discovery §4.3, RFC 8414 §3.3), and is the API's configuration fault: the two must match.
      if (typeof json['issuer'] !== 'string') throw unusableAnswer(request, 'the metadata has no issuer');
      if (json['issuer'] !== this.issuer) throw issuerMismatch(this.issuer, json['issuer'], url);
      return json as IssuerMetadata;
    }
    throw new ConfigurationError("The issuer's metadata was not found", {
      cause: new Error(`discovery ${openid} and ${oauth}: ${lastReason}`),
      detail: {
        expected: `metadata at ${openid} or ${oauth}`,
        actual: lastReason,
        fix: 'Check the issuer URL (it is the iss of its tokens), or set jwksUri (and opaqueTokens.endpoint) by hand.',
      },
    });
  }
}
