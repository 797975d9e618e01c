import { expect } from '@open-wc/testing';
import { base64url, randomToken, s256 } from './pkce.js';
import { fromBase64url } from './testing/fake-provider.js';

describe('PKCE helpers', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).to.equal('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('encodes base64url without padding or + and /', () => {
    expect(base64url(new Uint8Array([251, 255, 191]))).to.equal('-_-_');
    expect(base64url(new Uint8Array([102]))).to.equal('Zg');
  });

  it('makes 256-bit random tokens that differ each time', () => {
    const a = randomToken();
    const b = randomToken();
    expect(fromBase64url(a).length).to.equal(32);
    expect(a).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(a).to.not.equal(b);
  });
});
