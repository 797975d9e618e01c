import { expect } from '@open-wc/testing';
import { hasPendingTransaction, takeTransaction, TX_PREFIX, TX_TTL_MS, type Transaction } from './transaction.js';
import { saveTransaction } from './transaction-write.js';
import { clearDvcStorage } from './testing/harness.js';

const tx = (overrides: Partial<Transaction> = {}): Transaction => ({
  state: 'state-1',
  nonce: 'nonce-1',
  verifier: 'verifier-1',
  redirectUri: 'https://agency.example/',
  issuer: 'https://op.example',
  clientId: 'c',
  createdAt: Date.now(),
  ...overrides,
});

describe('sign-in transactions', () => {
  afterEach(clearDvcStorage);

  it('are kept in sessionStorage under dvc:tx:<state> and given out once', () => {
    saveTransaction(tx());
    expect(sessionStorage.getItem(`${TX_PREFIX}state-1`)).to.contain('verifier-1');
    expect(hasPendingTransaction('https://op.example', 'c')).to.equal(true);
    expect(takeTransaction('state-1', 'https://op.example', 'c')?.nonce).to.equal('nonce-1');
    expect(sessionStorage.getItem(`${TX_PREFIX}state-1`)).to.equal(null);
    expect(takeTransaction('state-1', 'https://op.example', 'c')).to.equal(undefined);
  });

  it('expire after 10 minutes', () => {
    saveTransaction(tx({ createdAt: Date.now() - TX_TTL_MS - 1 }));
    expect(hasPendingTransaction('https://op.example', 'c')).to.equal(false);
    expect(takeTransaction('state-1', 'https://op.example', 'c')).to.equal(undefined);
    expect(sessionStorage.getItem(`${TX_PREFIX}state-1`)).to.equal(null);
  });

  it("leave another client's attempt to its owner", () => {
    saveTransaction(tx({ clientId: 'other' }));
    expect(takeTransaction('state-1', 'https://op.example', 'c')).to.equal(undefined);
    expect(takeTransaction('state-1', 'https://op.example', 'other')?.state).to.equal('state-1');
  });

  it('ignore damaged entries', () => {
    sessionStorage.setItem(`${TX_PREFIX}bad`, '{"state":1');
    expect(takeTransaction('bad', 'https://op.example', 'c')).to.equal(undefined);
  });
});
