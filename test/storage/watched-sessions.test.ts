import { expect } from '@open-wc/testing';
import type { SessionResponse } from '../../src/contract.js';
import { createWebStorageStore } from '../../src/storage/session-store.js';
import { fromWatched, toWatched, withWatched } from '../../src/storage/watched-sessions.js';
import { afterEach, describe, it } from '../flow/mocha.js';

function session(n: number): SessionResponse {
  return {
    sessionId: `ses_${n}`,
    kind: 'sale',
    handoff: 'paypos',
    referenceNo: `REF-${n}`,
    amount: '149.90',
    currency: 'TRY',
    instalment: 1,
    deeplinkUrl: `paypos://pay?session=ps_${n}`,
    expiresAt: '2026-11-24T10:05:00.000Z',
    statusUrl: `https://shop.example/api/paynet/sessions/ses_${n}`,
  };
}

describe('watched sessions in storage', () => {
  afterEach(() => sessionStorage.clear());

  it('survive a reload, without the deeplink, beside the pending session', () => {
    const list = withWatched(withWatched([], session(1), 4), session(2), 4);
    createWebStorageStore().saveWatched('k', list);
    createWebStorageStore().save('k', { session: session(3), handoff: 'qr', savedAt: 1 });
    const loaded = createWebStorageStore().loadWatched('k');
    expect(loaded.map((entry) => entry.sessionId)).to.deep.equal(['ses_1', 'ses_2']);
    expect(JSON.stringify(sessionStorage)).not.to.contain('ps_1');
    expect(fromWatched(loaded[0] ?? toWatched(session(9)))).to.deep.equal({ ...session(1), deeplinkUrl: null });
    expect(createWebStorageStore().load('k')?.session.sessionId).to.equal('ses_3');
  });

  it('keep the newest ones, once each', () => {
    let list = withWatched([], session(1), 2);
    list = withWatched(list, session(2), 2);
    list = withWatched(list, session(1), 2);
    expect(list.map((entry) => entry.sessionId)).to.deep.equal(['ses_2', 'ses_1']);
    list = withWatched(list, session(3), 2);
    expect(list.map((entry) => entry.sessionId)).to.deep.equal(['ses_1', 'ses_3']);
  });

  it('drop malformed entries and unknown formats; an empty list removes the key', () => {
    const good = toWatched(session(1));
    sessionStorage.setItem('k:watched', JSON.stringify({ v: 1, sessions: [good, { ...good, statusUrl: 42 }, { ...good, expiresAt: 'soon' }, null] }));
    expect(createWebStorageStore().loadWatched('k')).to.deep.equal([good]);
    sessionStorage.setItem('k:watched', JSON.stringify({ v: 99, sessions: [good] }));
    expect(createWebStorageStore().loadWatched('k')).to.deep.equal([]);
    sessionStorage.setItem('k:watched', '{not json');
    expect(createWebStorageStore().loadWatched('k')).to.deep.equal([]);
    createWebStorageStore().saveWatched('k', []);
    expect(sessionStorage.getItem('k:watched')).to.equal(null);
  });
});
