import { expect } from '@open-wc/testing';
import { DvcError } from '../internal/errors.js';
import { parseConfig, requireAuth } from './config.js';

const configError = (attrs: Parameters<typeof parseConfig>[0]) => {
  try {
    parseConfig(attrs);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('configuration: backend mode', () => {
  it('takes a path on this site as the backend, without its trailing slash, and defaults api to {backend}/api', () => {
    const config = parseConfig({ backend: '/auth/' });
    expect(config.backend).to.equal(`${location.origin}/auth`);
    expect(config.api).to.equal(`${location.origin}/auth/api`);
    expect(parseConfig({ backend: ' /dang-nhap ' }).backend).to.equal(`${location.origin}/dang-nhap`);
  });

  it('needs no issuer or client-id', () => {
    expect(() => requireAuth(parseConfig({ backend: '/auth' }))).not.to.throw();
    expect(() => requireAuth(parseConfig({}))).to.throw(DvcError).with.property('code', 'config');
  });

  it('keeps an api given explicitly', () => {
    expect(parseConfig({ backend: '/auth', api: 'https://api.example.test/v1/' }).api).to.equal('https://api.example.test/v1');
  });

  it('a backend on another site, a URL, a relative path, or one with a query or fragment is a config error', () => {
    for (const backend of [
      `${location.origin}/auth`,
      'https://evil.example/auth',
      '//evil.example/auth',
      '/\\evil.example/auth',
      'auth',
      '../auth',
      'javascript:alert(1)',
      '/auth?x=1',
      '/auth#x',
      'http://127.0.0.2/auth',
    ]) {
      const error = configError({ backend });
      expect(error, backend).to.be.instanceOf(DvcError);
      expect((error as DvcError).code, backend).to.equal('config');
    }
  });

  it('an empty backend attribute is browser mode', () => {
    expect(parseConfig({ backend: ' ', issuer: 'https://id.example.test', clientId: 'a' }).backend).to.equal(undefined);
  });
});
