import { detailValue, InvalidTokenError } from '../errors.js';
import type { Issuer } from './issuer.js';

/**
 * The issuers an authenticator trusts. A token's unverified `iss` only selects among them: an
 * unknown one is refused before any key is fetched, so it costs no outbound request.
 */
export class TrustedIssuers {
  readonly #byIdentifier: ReadonlyMap<string, Issuer>;

  constructor(issuers: readonly Issuer[]) {
    this.#byIdentifier = new Map(issuers.map((issuer) => [issuer.identifier, issuer]));
  }

  /** Every trusted issuer. */
  get all(): readonly Issuer[] {
    return [...this.#byIdentifier.values()];
  }

  /** The trusted issuer `iss` names exactly (byte for byte), or undefined. */
  find(iss: unknown): Issuer | undefined {
    return typeof iss === 'string' ? this.#byIdentifier.get(iss) : undefined;
  }

  /** The issuer for `iss`, or the 401 that refuses a token naming none of them. */
  select(iss: unknown): Issuer {
    const issuer = this.find(iss);
    if (issuer !== undefined) return issuer;
    const trusted = [...this.#byIdentifier.keys()];
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
