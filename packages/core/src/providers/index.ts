export { auth0Issuer, type Auth0Settings } from './auth0.js';
export { cognitoIssuer, type CognitoSettings } from './cognito.js';
export { entraIssuer, type EntraSettings } from './entra.js';
export { googleIssuer, type GoogleSettings } from './google.js';
export { keycloakIssuer, type KeycloakSettings } from './keycloak.js';
export { oktaIssuer, type OktaSettings } from './okta.js';
