import { checkIssuerUrl, fail } from '../option-checks.js';

/** What RFC 9728 metadata says beyond what access-guard derives from the `requireAuth` options. */
export interface ResourceMetadataDetails {
  /** The authorization servers that issue tokens for the resource; default: the trusted issuers. */
  authorizationServers?: readonly string[] | undefined;
  /** Scopes the resource uses (`scopes_supported`). */
  scopesSupported?: readonly string[] | undefined;
  /** A human-readable name (`resource_name`). */
  resourceName?: string | undefined;
  /** A page for developers (`resource_documentation`), an https URL. */
  resourceDocumentation?: string | undefined;
}

/** Everything an RFC 9728 document is built from. */
export interface ResourceMetadataOptions extends ResourceMetadataDetails {
  /** The protected resource identifier (RFC 9728 §1.2): an https URL without fragment, e.g. `https://api.example/mcp`. */
  resource: string;
  /** Where the resource accepts tokens (`bearer_methods_supported`); default `['header']`. */
  bearerMethodsSupported?: ReadonlyArray<'header' | 'body' | 'query'> | undefined;
}

/** A built metadata document and where it is served. */
export interface ResourceMetadata {
  /** The path it is served at: `/.well-known/oauth-protected-resource` plus the resource's path. */
  readonly path: string;
  /** Its absolute URL, for `resource_metadata` in challenges. */
  readonly url: string;
  /** The document (RFC 9728 §2), empty values omitted. */
  readonly document: Readonly<Record<string, unknown>>;
  /** The document as JSON. */
  readonly body: string;
}

const WELL_KNOWN = '/.well-known/oauth-protected-resource';

/**
 * Where the metadata of `resource` lives (RFC 9728 §3.1: the well-known part before the path).
 * @example
 * ```ts
 * resourceMetadataUrl('https://api.example/mcp'); // 'https://api.example/.well-known/oauth-protected-resource/mcp'
 * ```
 */
export function resourceMetadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}${WELL_KNOWN}${path}`;
}

function stringList(name: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string' && entry !== '')) {
    fail(`\`${name}\` must be an array of non-empty strings.`);
  }
  return value.length === 0 ? undefined : [...(value as string[])];
}

/**
 * Builds the RFC 9728 protected resource metadata of a resource, validated at start-up: `resource`
 * exactly the identifier, at least one authorization server, empty values left out.
 * @example
 * ```ts
 * const metadata = createResourceMetadata({ resource: 'https://api.example/mcp', authorizationServers: ['https://login.example/'] });
 * metadata.path; // '/.well-known/oauth-protected-resource/mcp'
 * ```
 */
export function createResourceMetadata(options: ResourceMetadataOptions): ResourceMetadata {
  // RFC 9728 §1.2, RFC 8707 §2: an absolute https URL (http only on loopback), no fragment or query.
  const resource = checkIssuerUrl('resource', options?.resource);
  const servers = stringList('authorizationServers', options.authorizationServers);
  if (servers === undefined) {
    fail('`authorizationServers` needs at least one issuer (RFC 9728 §2; the MCP authorization spec requires one).');
  }
  servers.forEach((server, i) => checkIssuerUrl(`authorizationServers[${i}]`, server));
  const documentation =
    options.resourceDocumentation === undefined
      ? undefined
      : checkIssuerUrl('resourceDocumentation', options.resourceDocumentation);
  if (options.resourceName !== undefined && (typeof options.resourceName !== 'string' || options.resourceName === '')) {
    fail('`resourceName` must be a non-empty string.');
  }
  const document: Record<string, unknown> = {
    resource,
    authorization_servers: servers,
    bearer_methods_supported: [...(options.bearerMethodsSupported ?? ['header'])],
    scopes_supported: stringList('scopesSupported', options.scopesSupported),
    resource_name: options.resourceName,
    resource_documentation: documentation,
  };
  for (const key of Object.keys(document)) if (document[key] === undefined) delete document[key];
  const url = resourceMetadataUrl(resource);
  return Object.freeze({
    path: new URL(url).pathname,
    url,
    document: Object.freeze(document),
    body: JSON.stringify(document),
  });
}

/**
 * Whether `aud` names `resource` (RFC 8707): equal once the scheme and host are lower-cased, a default
 * port dropped and one trailing slash of the path ignored; nothing looser (no other path, no query).
 * @example
 * ```ts
 * sameResource('https://API.example/mcp/', 'https://api.example/mcp'); // true
 * sameResource('https://api.example/MCP', 'https://api.example/mcp'); // false
 * ```
 */
export function sameResource(aud: string, resource: string): boolean {
  const canonical = canonicalResource(aud);
  return canonical !== undefined && canonical === canonicalResource(resource);
}

function canonicalResource(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.hash !== '' || url.search !== '' || url.username !== '' || url.password !== '') return undefined;
  // URL already lower-cases scheme and host and drops a default port.
  const path = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  return `${url.protocol}//${url.host}${path}`;
}
