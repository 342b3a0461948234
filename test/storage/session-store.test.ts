import { expect } from '@open-wc/testing';
import type { SessionResponse } from '../../src/contract.js';
import { createWebStorageStore } from '../../src/storage/session-store.js';
import { afterEach, describe, it } from '../flow/mocha.js';

const session: SessionResponse = {
  sessionId: 'ses_1',
  kind: 'sale',
  handoff: 'paypos',
  referenceNo: 'REF-1',
  amount: '149.90',
  currency: 'TRY',
  instalment: 3,
  deeplinkUrl: 'paypos://pay?session=ps_1',
  expiresAt: '2026-11-24T10:05:00.000Z',
  statusUrl: 'https://shop.example/api/paynet/sessions/ses_1',
};

describe('session store', () => {
  afterEach(() => sessionStorage.clear());

  it('keeps a session across instances (a reload) and forgets it when cleared', () => {
    createWebStorageStore().save('k', { session, handoff: 'qr', savedAt: 42 });
    expect(createWebStorageStore().load('k')).to.deep.equal({ session, handoff: 'qr', savedAt: 42 });
    createWebStorageStore().clear('k');
    expect(createWebStorageStore().load('k')).to.equal(undefined);
  });

  it('drops, and removes, an entry that is not a valid session', () => {
    sessionStorage.setItem('k', JSON.stringify({ v: 1, session: { ...session, deeplinkUrl: 42 }, handoff: 'qr', savedAt: 1 }));
    expect(createWebStorageStore().load('k')).to.equal(undefined);
    expect(sessionStorage.getItem('k')).to.equal(null);
    sessionStorage.setItem('k', '{not json');
    expect(createWebStorageStore().load('k')).to.equal(undefined);
  });

  it('loses only the resume, never throws, when storage is unusable', () => {
    const broken = {
      getItem: () => { throw new DOMException('denied', 'SecurityError'); },
      setItem: () => { throw new DOMException('full', 'QuotaExceededError'); },
      removeItem: () => { throw new DOMException('denied', 'SecurityError'); },
    } as unknown as Storage;
    const store = createWebStorageStore(() => broken);
    expect(() => store.save('k', { session, handoff: 'qr', savedAt: 1 })).not.to.throw();
    expect(store.load('k')).to.equal(undefined);
    expect(() => store.clear('k')).not.to.throw();
  });
});
