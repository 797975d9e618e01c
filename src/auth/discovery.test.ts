import { expect } from '@open-wc/testing';
import { DvcError } from '../internal/errors.js';
import { discover, discoveryUrl } from './discovery.js';
import { setup, teardown, type Harness } from './testing/harness.js';

async function failure(promise: Promise<unknown>): Promise<DvcError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(DvcError);
    return error as DvcError;
  }
  throw new Error('expected a rejection');
}

describe('discovery', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(teardown);

  it('drops one trailing slash of the issuer before appending the well-known path', () => {
    expect(discoveryUrl('https://op.example/realm/')).to.equal('https://op.example/realm/.well-known/openid-configuration');
    expect(discoveryUrl('https://op.example')).to.equal('https://op.example/.well-known/openid-configuration');
  });

  it('reads the provider metadata', async () => {
    const metadata = await discover(h.provider.issuer);
    expect(metadata.token_endpoint).to.equal(`${h.provider.issuer}/token`);
    expect(metadata.authorization_response_iss_parameter_supported).to.equal(true);
    expect(h.provider.calls('/.well-known/openid-configuration')).to.have.length(1);
  });

  it('rejects a document naming another issuer (issuer_mismatch), even by one trailing slash', async () => {
    h.provider.discoveryOverrides.issuer = `${h.provider.issuer}/`;
    expect((await failure(discover(h.provider.issuer))).code).to.equal('issuer_mismatch');
  });

  it('rejects a document without jwks_uri (invalid_response)', async () => {
    h.provider.discoveryOverrides.jwks_uri = undefined;
    expect((await failure(discover(h.provider.issuer))).code).to.equal('invalid_response');
  });

  it('rejects a plain-http token endpoint off localhost (invalid_response)', async () => {
    h.provider.discoveryOverrides.token_endpoint = 'http://op.example/token';
    expect((await failure(discover(h.provider.issuer))).code).to.equal('invalid_response');
  });

  it('accepts http endpoints on localhost', async () => {
    h.provider.discoveryOverrides.token_endpoint = 'http://localhost:3000/token';
    expect((await discover(h.provider.issuer)).token_endpoint).to.equal('http://localhost:3000/token');
  });

  it('fails closed on a body that is not JSON (invalid_response, retryable)', async () => {
    const original = window.fetch;
    window.fetch = async () => new Response('<html>portal maintenance</html>', { status: 200 });
    try {
      const error = await failure(discover(h.provider.issuer));
      expect(error.code).to.equal('invalid_response');
      expect(error.retryable).to.equal(true);
    } finally {
      window.fetch = original;
    }
  });

  it('fails closed on JSON that is not an object (invalid_response)', async () => {
    const original = window.fetch;
    window.fetch = async () => new Response('[1,2]', { status: 200 });
    try {
      expect((await failure(discover(h.provider.issuer))).code).to.equal('invalid_response');
    } finally {
      window.fetch = original;
    }
  });

  it('shares one request between concurrent callers and caches the answer per issuer', async () => {
    const [a, b] = await Promise.all([discover(h.provider.issuer), discover(h.provider.issuer)]);
    await discover(h.provider.issuer);
    expect(a).to.equal(b);
    expect(h.provider.calls('/.well-known/openid-configuration')).to.have.length(1);
  });

  it('does not cache a network failure: the retry fetches again', async () => {
    const original = window.fetch;
    window.fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    const error = await failure(discover(h.provider.issuer));
    expect(error.code).to.equal('network');
    expect(error.retryable).to.equal(true);
    window.fetch = original;
    expect((await discover(h.provider.issuer)).issuer).to.equal(h.provider.issuer);
  });
});
