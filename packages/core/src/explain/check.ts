import type { RefusalReason } from '../errors.js';

/** The checks `explainToken` reports, in the order the verifier runs them. */
export type ExplainCheckName =
  | 'syntax'
  | 'format'
  | 'claims'
  | 'alg'
  | 'header'
  | 'typ'
  | 'key'
  | 'signature'
  | 'iss'
  | 'idToken'
  | 'aud'
  | 'exp'
  | 'nbf'
  | 'iat'
  | 'maxTokenAge'
  | 'maxTokenLifetime'
  | 'binding'
  | 'verdict';

/** One check of `explainToken`: passed, failed, or not run (`skip`) because an earlier one failed. */
export interface ExplainCheck {
  readonly name: ExplainCheckName;
  readonly status: 'pass' | 'fail' | 'skip';
  /** `status === 'pass'`. */
  readonly ok: boolean;
  /** Why, for a person: expected against actual and the fix. Never the token. */
  readonly detail: string;
  /** The stable refusal code of a failed check, as `onEvent` reports it. */
  readonly reason?: RefusalReason | undefined;
}
