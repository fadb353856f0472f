import type { IssuerOptions } from '../issuer/options.js';
import { fail } from '../option-checks.js';
import { listOf, originOf } from './origin.js';

/** What the Amazon Cognito console shows for a user pool and its app clients. */
export interface CognitoSettings {
  /** The user pool ID, e.g. `'eu-west-1_AbCdEf123'`; its region comes before the `_`. */
  userPoolId: string;
  /** The app client IDs whose access tokens this API accepts. */
  clientIds: string | readonly string[];
  /** The pool's origin; default `https://cognito-idp.<region>.amazonaws.com` (another for a local test issuer). */
  origin?: string | undefined;
}

/**
 * Amazon Cognito user pools: issuer `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`.
 * Access tokens carry no `aud`: they are bound to the API by `client_id` (one of `clientIds`) and
 * `token_use: access`; ID tokens (`token_use: id`) are refused.
 * @example
 * ```ts
 * app.use(requireAuth(cognitoIssuer({ userPoolId: 'eu-west-1_AbCdEf123', clientIds: ['1h57kf5cpq17m0eml12ep0ab2c'] })));
 * ```
 */
export function cognitoIssuer(settings: CognitoSettings): IssuerOptions {
  const { userPoolId } = settings;
  const region = /^([a-z]{2}(?:-[a-z]+)+-\d)_[A-Za-z0-9]+$/.exec(userPoolId)?.[1];
  if (region === undefined)
    fail("cognitoIssuer needs `userPoolId` as the console shows it, e.g. 'eu-west-1_AbCdEf123'.");
  const origin = originOf('origin', settings.origin ?? `https://cognito-idp.${region}.amazonaws.com`);
  return { issuer: `${origin}/${userPoolId}`, clientIds: listOf('clientIds', settings.clientIds) };
}
