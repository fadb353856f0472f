import { auth0Profile } from './auth0.js';
import { cognitoProfile } from './cognito.js';
import { entraProfile } from './entra.js';
import { genericProfile } from './generic.js';
import { googleProfile } from './google.js';
import { keycloakProfile } from './keycloak.js';
import { oktaProfile } from './okta.js';
import type { Profile, ProfileSettings, ProviderProfile } from './profile.js';

const FACTORIES: Record<ProviderProfile, (settings: ProfileSettings) => Profile> = {
  generic: genericProfile,
  auth0: auth0Profile,
  okta: oktaProfile,
  keycloak: keycloakProfile,
  entra: entraProfile,
  cognito: cognitoProfile,
  google: googleProfile,
};

/** The profile `name` set up on the issuer's loopback origin. */
export function createProfile(name: ProviderProfile, settings: ProfileSettings): Profile {
  return FACTORIES[name](settings);
}
