import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration contract', () => {
  it('has defaults for an embedded start', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8080, dataDir: './data', databaseUrl: undefined, demo: undefined, publicUrl: 'http://localhost:8080' });
  });

  it('names the bad variable in one line', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT/);
    expect(() => loadConfig({ KANAAL_SECRET_KEY: 'c2hvcnQ=' })).toThrow(/KANAAL_SECRET_KEY must be 32 bytes/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://id.example' })).toThrow(/OIDC_CLIENT_ID/);
  });

  it('reads the demo flag, allow list and OIDC settings', () => {
    const config = loadConfig({ KANAAL_DEMO: '0', KANAAL_ALLOW_URLS: '127.0.0.1, 10.0.0.0/8,', OIDC_ISSUER: 'https://id.example', OIDC_CLIENT_ID: 'kanaal' });
    expect(config.demo).toBe(false);
    expect(config.allowUrls).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(config.oidc).toMatchObject({ issuer: 'https://id.example', clientId: 'kanaal' });
  });
});
