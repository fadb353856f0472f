import { fetchIssuerJson, isJsonObject, unusableAnswer } from './fetch-json.js';
import { IssuerUnavailableError } from './errors.js';
import { insecureUrlReason } from './secure-url.js';
import { SingleFlight } from './single-flight.js';

/** The fields of OpenID Connect Discovery / RFC 8414 metadata that access-guard uses. */
export interface IssuerMetadata {
  readonly issuer: string;
  readonly jwks_uri?: string;
  readonly userinfo_endpoint?: string;
  readonly introspection_endpoint?: string;
  readonly [field: string]: unknown;
}

/** The two well-known locations, in the order they are tried (OIDC Discovery §4, RFC 8414 §3). */
export function metadataUrls(issuer: string): string[] {
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
 * An endpoint from the metadata, held to the same rule as a configured one: https (http only on
 * loopback) and no credentials. Keys or secrets are never fetched from or sent over plain http.
 */
export function discoveredEndpoint(
  metadata: IssuerMetadata,
  field: MetadataEndpoint,
  realm: string,
  fix?: string,
): string {
  const value = metadata[field];
  const reason = typeof value === 'string' ? insecureUrlReason(value) : `the issuer's metadata has no ${field}`;
  if (reason === undefined) return value as string;
  throw new IssuerUnavailableError(`The issuer's ${field} cannot be used`, {
    realm,
    cause: new Error(`${field}: ${reason}.${fix === undefined ? '' : ` ${fix}`}`),
  });
}

/**
 * Fetches and caches the issuer's metadata. Concurrent callers share one fetch, success is cached for
 * the life of the process, and a failure is never cached, so the next request tries again.
 */
export class IssuerDiscovery {
  readonly #flight = new SingleFlight<IssuerMetadata>();
  #metadata: IssuerMetadata | undefined;

  constructor(
    private readonly issuer: string,
    private readonly timeoutMs: number,
    private readonly realm: string,
  ) {}

  get(): Promise<IssuerMetadata> {
    if (this.#metadata !== undefined) return Promise.resolve(this.#metadata);
    return this.#flight.run('metadata', async () => {
      this.#metadata = await this.#fetch();
      return this.#metadata;
    });
  }

  async #fetch(): Promise<IssuerMetadata> {
    const [openid, oauth] = metadataUrls(this.issuer) as [string, string];
    let lastReason = '';
    for (const url of [openid, oauth]) {
      const request = { url, what: 'discovery', timeoutMs: this.timeoutMs, realm: this.realm };
      const { status, json } = await fetchIssuerJson(request);
      // 404/410 means "not published here": try the other well-known location.
      if (status === 404 || status === 410) {
        lastReason = `HTTP ${status}`;
        continue;
      }
      if (status !== 200) throw unusableAnswer(request, `HTTP ${status}`);
      if (!isJsonObject(json)) throw unusableAnswer(request, 'the answer is not a JSON object');
      // OIDC Discovery §4.3 / RFC 8414 §3.3: metadata for another issuer must be refused.
      if (json['issuer'] !== this.issuer) {
        throw unusableAnswer(
          request,
          'the metadata names another issuer than the configured one (compare them byte for byte, including any trailing slash)',
        );
      }
      return json as IssuerMetadata;
    }
    throw unusableAnswer(
      { url: oauth, what: 'discovery', realm: this.realm },
      `no metadata at either well-known location (${lastReason})`,
    );
  }
}
