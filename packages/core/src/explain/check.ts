import { describeFailure } from '../diagnostics/loggers.js';
import { AccessGuardError, type RefusalReason } from '../errors.js';

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

/** A check before its `ok` is derived from its status. */
export type Step = Omit<ExplainCheck, 'ok'>;

/** A passed check. */
export const pass = (name: ExplainCheckName, detail: string): Step => ({ name, status: 'pass', detail });
/** A check not run because an earlier one failed. */
export const skip = (name: ExplainCheckName, detail = 'not checked: an earlier check failed'): Step => ({
  name,
  status: 'skip',
  detail,
});

/** A failed check from the error the verifier's own step threw. */
export function failed(name: ExplainCheckName, error: unknown): Step {
  if (error instanceof AccessGuardError) {
    return { name, status: 'fail', detail: describeFailure(error), reason: error.reason };
  }
  return { name, status: 'fail', detail: error instanceof Error ? error.message : String(error) };
}
