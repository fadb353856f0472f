import { createResourceMetadata, resourceMetadataUrl, sameResource } from '../../src/http/resource-metadata.js';

describe('resourceMetadataUrl', () => {
  it.each([
    ['https://api.example/mcp', 'https://api.example/.well-known/oauth-protected-resource/mcp'],
    ['https://api.example', 'https://api.example/.well-known/oauth-protected-resource'],
    ['https://api.example/', 'https://api.example/.well-known/oauth-protected-resource'],
    ['https://api.example:8443/a/b', 'https://api.example:8443/.well-known/oauth-protected-resource/a/b'],
  ])('puts the well-known part before the path of %s (RFC 9728 §3.1)', (resource, url) => {
    expect(resourceMetadataUrl(resource)).toBe(url);
  });
});

describe('createResourceMetadata', () => {
  it('builds the document with resource exactly as given and empty values left out', () => {
    const metadata = createResourceMetadata({
      resource: 'https://api.example/mcp',
      authorizationServers: ['https://login.example/'],
    });
    expect(metadata.path).toBe('/.well-known/oauth-protected-resource/mcp');
    expect(metadata.url).toBe('https://api.example/.well-known/oauth-protected-resource/mcp');
    expect(metadata.document).toEqual({
      resource: 'https://api.example/mcp',
      authorization_servers: ['https://login.example/'],
      bearer_methods_supported: ['header'],
    });
    expect(JSON.parse(metadata.body)).toEqual(metadata.document);
    expect(Object.isFrozen(metadata.document)).toBe(true);
  });

  it('carries the optional fields when given', () => {
    const { document } = createResourceMetadata({
      resource: 'https://api.example/mcp',
      authorizationServers: ['https://login.example/'],
      scopesSupported: ['mcp:tools', 'mcp:admin'],
      resourceName: 'Example MCP server',
      resourceDocumentation: 'https://docs.example/mcp',
      bearerMethodsSupported: ['header', 'body'],
    });
    expect(document).toMatchObject({
      scopes_supported: ['mcp:tools', 'mcp:admin'],
      resource_name: 'Example MCP server',
      resource_documentation: 'https://docs.example/mcp',
      bearer_methods_supported: ['header', 'body'],
    });
  });

  it.each([
    ['no authorization server', { authorizationServers: [] }, 'needs at least one issuer'],
    ['an http resource off loopback', { resource: 'http://api.example/mcp' }, 'must use https:'],
    ['a resource with a fragment', { resource: 'https://api.example/mcp#x' }, 'must not have a query or fragment'],
    ['a resource with a query', { resource: 'https://api.example/mcp?x=1' }, 'must not have a query or fragment'],
    ['an http authorization server', { authorizationServers: ['http://login.example/'] }, 'authorizationServers[0]'],
    ['an empty resource name', { resourceName: '' }, 'resourceName'],
    ['a scope list that is not strings', { scopesSupported: [1] }, 'scopesSupported'],
  ])('refuses %s at start-up', (_label, change, message) => {
    const options = {
      resource: 'https://api.example/mcp',
      authorizationServers: ['https://login.example/'],
      ...change,
    };
    expect(() => createResourceMetadata(options as never)).toThrow(message);
  });
});

describe('sameResource', () => {
  it('compares URLs canonically and refuses what is not one', () => {
    expect(sameResource('https://API.example/mcp/', 'https://api.example/mcp')).toBe(true);
    expect(sameResource('urn:api', 'urn:api')).toBe(true);
    expect(sameResource('not a url', 'not a url')).toBe(false);
  });
});
