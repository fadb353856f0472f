export { authResultOf, toAuthInfo } from './auth-info.js';
export type { McpAuthInfo } from './auth-info.js';
export { protectMcpEndpoint } from './protect-endpoint.js';
export type { McpEndpoint, McpHandler, McpRequest, ProtectMcpEndpointOptions } from './protect-endpoint.js';
export { createTokenVerifier } from './token-verifier.js';
export type { McpTokenVerifier } from './token-verifier.js';
export type { ToolAuthLevels, ToolScopes } from './tool-guards.js';
export { toSdkError } from './sdk-errors.js';
