import { metadataAnswer, metadataToServe } from '../../src/http/metadata-answer.js';
import { createResourceMetadata } from '../../src/http/resource-metadata.js';

const options = { resource: 'https://api.example/mcp', authorizationServers: ['https://login.example/'] };
const metadata = createResourceMetadata(options);

describe('metadataToServe', () => {
  it('takes the document of a requireAuth middleware, or builds one from options', () => {
    expect(metadataToServe({ resourceMetadata: metadata })).toBe(metadata);
    const middleware = Object.assign(() => undefined, { resourceMetadata: metadata });
    expect(metadataToServe(middleware)).toBe(metadata);
    expect(metadataToServe(options).body).toBe(metadata.body);
  });

  it('says how to fix a requireAuth without metadata, and refuses anything else', () => {
    expect(() => metadataToServe({ resourceMetadata: undefined })).toThrow('resourceMetadata: true');
    expect(() => metadataToServe(null as never)).toThrow(TypeError);
  });
});

describe('metadataAnswer', () => {
  it('answers GET and HEAD on its path with the document, readable from any origin', () => {
    for (const method of ['GET', 'HEAD']) {
      expect(metadataAnswer(metadata, method, '/.well-known/oauth-protected-resource/mcp')).toEqual({
        status: 200,
        headers: {
          'Content-Type': 'application/json',
          'Access-Control-Allow-Origin': '*',
          'Cache-Control': 'public, max-age=3600',
        },
        body: metadata.body,
      });
    }
  });

  it('answers a CORS preflight, and 405 to other methods', () => {
    expect(metadataAnswer(metadata, 'OPTIONS', metadata.path)?.status).toBe(204);
    expect(metadataAnswer(metadata, 'POST', metadata.path)).toMatchObject({
      status: 405,
      headers: { Allow: 'GET, HEAD, OPTIONS' },
    });
  });

  it('leaves other paths alone', () => {
    expect(metadataAnswer(metadata, 'GET', '/.well-known/oauth-protected-resource')).toBeUndefined();
    expect(metadataAnswer(metadata, 'GET', '/mcp')).toBeUndefined();
  });
});
