import { detailValue, InvalidTokenError } from '../errors.js';
import type { Issuer } from './issuer.js';

/**
 * The issuers an authenticator trusts. A token's unverified `iss` only selects among them: an
 * unknown one is refused before any key is fetched, so it costs no outbound request.
 */
export class TrustedIssuers {
  readonly #byIdentifier: ReadonlyMap<string, Issuer>;
  // Multi-tenant issuers match by pattern; there are as many as configured, none made on demand.
  readonly #templates: readonly Issuer[];
  /** Every trusted issuer. */
  readonly all: readonly Issuer[];

  constructor(issuers: readonly Issuer[]) {
    this.all = Object.freeze([...issuers]);
    this.#byIdentifier = new Map(
      issuers.filter((issuer) => !issuer.name.isTemplate).map((issuer) => [issuer.identifier, issuer]),
    );
    this.#templates = issuers.filter((issuer) => issuer.name.isTemplate);
  }

  /**
   * The trusted issuer `iss` names: exactly (byte for byte), or as an allowed tenant of a
   * multi-tenant issuer; undefined for none.
   */
  find(iss: unknown): Issuer | undefined {
    if (typeof iss !== 'string') return undefined;
    return this.#byIdentifier.get(iss) ?? this.#templates.find((issuer) => issuer.name.tenantOf(iss) !== undefined);
  }

  /** The issuer for `iss`, or the 401 that refuses a token naming none of them. */
  select(iss: unknown): Issuer {
    const issuer = this.find(iss);
    if (issuer !== undefined) return issuer;
    const trusted = this.all.map((issuer) => issuer.identifier);
    const slashFix =
      typeof iss === 'string' && trusted.some((name) => name.replace(/\/$/, '') === iss.replace(/\/$/, ''));
    throw new InvalidTokenError('The access token has an unacceptable iss claim', {
      reason: 'untrusted_issuer',
      detail: {
        expected: `one of ${detailValue(trusted)}`,
        actual: `${detailValue(iss)} (unverified)`,
        fix: slashFix
          ? "The token's iss differs from the configured issuer only by a trailing slash; issuers are compared byte for byte, so configure the issuer exactly as its tokens spell it."
          : 'A token of another issuer or environment; add its issuer to the trusted ones if it should pass.',
      },
    });
  }
}
