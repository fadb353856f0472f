export { createAuthenticator } from './authenticator.js';
export type { Authentication, Authenticator, UserProfile } from './authenticator.js';
export {
  AccessGuardError,
  ConfigurationError,
  InsufficientScopeError,
  InsufficientUserAuthenticationError,
  InvalidRequestError,
  InvalidTokenError,
  IssuerUnavailableError,
  MissingTokenError,
} from './errors.js';
export type {
  AccessGuardErrorCode,
  AccessGuardErrorInit,
  BearerErrorCode,
  RefusalDetail,
  RefusalReason,
} from './errors.js';
export { createAuthLevelGuard, createClaimGuard, createScopeGuard, GuardOrderError } from './guards/route-guard.js';
export type { AuthLevelOptions } from './guards/auth-level.js';
export type { GuardContext, RequireScopeOptions, RouteGuard } from './guards/route-guard.js';
export type { ClaimCheck } from './guards/claims.js';
export type { ScopeMatch } from './guards/required-scopes.js';
export { keepResponsePrivate, privateCacheControl } from './http/cache-control.js';
export { DEFAULT_REALM, formatChallenge } from './http/challenge.js';
export type { ChallengeAttributes, Presentation } from './http/challenge.js';
export { errorResponse } from './http/error-response.js';
export { metadataAnswer, metadataToServe } from './http/metadata-answer.js';
export { createResourceMetadata, resourceMetadataUrl, sameResource } from './http/resource-metadata.js';
export type { ResourceMetadata, ResourceMetadataDetails, ResourceMetadataOptions } from './http/resource-metadata.js';
export type { ErrorResponse } from './http/error-response.js';
export { carriesQueryToken, extractToken } from './http/extract-token.js';
export type { ExtractedToken, ExtractOptions, TokenRequest, TokenSource } from './http/extract-token.js';
export { scopesOf } from './issuer/scopes.js';
export {
  auth0Issuer,
  cognitoIssuer,
  entraIssuer,
  googleIssuer,
  keycloakIssuer,
  oktaIssuer,
  type Auth0Settings,
  type CognitoSettings,
  type EntraSettings,
  type GoogleSettings,
  type KeycloakSettings,
  type OktaSettings,
} from './providers/index.js';
export { DEFAULT_ALGORITHMS, SUPPORTED_ALGORITHMS } from './jwt/algorithms.js';
export type { JwsAlgorithm } from './jwt/algorithms.js';
export type { TypMode } from './jwt/header.js';
export type { AuthOptions, IssuerOptions, JwksOptions, OpaqueTokenOptions, SharedOptions } from './options.js';
export type { DpopOptions } from './dpop/options.js';
export type { MtlsOptions } from './mtls/certificate.js';
export type {
  AccessTokenClaims,
  AuthResult,
  Clock,
  JwsHeader,
  JwtAuthResult,
  OpaqueAuthResult,
  ResultFor,
} from './result.js';
export { consoleEvents, eventAttributes, eventLine, pinoEvents } from './diagnostics/loggers.js';
export type { EventLogger, LoggerOptions } from './diagnostics/loggers.js';
export type {
  AccessGuardEvent,
  EventSink,
  IssuerFailedEvent,
  RefusedEvent,
  SharedEntryKind,
  StoreEvent,
} from './diagnostics/events.js';
export { explainToken } from './explain/explain-token.js';
export type { ExplainCheck, ExplainCheckName, ExplainOptions, TokenExplanation } from './explain/explain-token.js';
export { formatExplanation } from './explain/format.js';
export { runAccessGuardCli } from './explain/cli.js';
export type { AccessGuardCliIo } from './explain/cli.js';
export { revoke } from './store/revocation.js';
export type { RevocationTarget } from './store/revocation.js';
export type { SharedStore } from './store/shared-store.js';
