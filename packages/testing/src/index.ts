/**
 * `@access-guard/testing`: a local OAuth 2.0 / OpenID Connect issuer on loopback for tests and
 * demos, with discovery, JWKS, userinfo, introspection, a client-credentials token endpoint, token
 * minting, fault injection, DPoP and mTLS helpers, provider profiles (Auth0, Okta, Keycloak,
 * Entra ID, Cognito, Google) and the `access-guard-issuer` command.
 *
 * @packageDocumentation
 */
export { startLocalIssuer } from './local-issuer.js';
export { runIssuerCli } from './cli/run-cli.js';
export { generateDpopKey } from './dpop/dpop-key.js';
export type { DpopKey } from './dpop/dpop-key.js';
export { dpopProof } from './dpop/dpop-proof.js';
export type { DpopProofOptions } from './dpop/dpop-proof.js';
export { createCertificateAuthority, createClientCertificate, createServerCertificate } from './mtls/certificates.js';
export type { CertificateOptions, TestCertificate } from './mtls/certificates.js';
export type { EntraVersion, ProviderProfile, TokenKind } from './profiles/profile.js';
export type { CliIo } from './cli/cli-io.js';
export type { LocalIssuer } from './local-issuer.js';
export type { LocalIssuerOptions } from './options.js';
export type {
  ForgeParts,
  IntrospectionClient,
  IssuerClient,
  IssuerCounts,
  IssuerEndpoint,
  IssuerFault,
  MintOptions,
  OpaqueGrant,
  SigningAlgorithm,
} from './types.js';
