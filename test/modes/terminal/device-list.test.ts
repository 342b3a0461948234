/**
 * The terminal list of handoff="device": loaded from devices-url when the element needs it,
 * again when it changes or the element comes back to the page, on "Load again" after a
 * failure; the terminal named by device-id, or the only one, chosen for the shopper.
 */
import { expect, html } from '@open-wc/testing';
import { MockMerchantBackend } from '../../mocks/merchant-backend.js';
import type { PaynetCheckout } from '../../../src/paynet-checkout.component.js';
import { afterEach, describe, it } from '../../flow/mocha.js';
import { $, checkout, forgetPersistedSessions, quiet, shadow, text, useBackend, waitFor, worker } from '../../element/helpers.js';

const ONE_TERMINAL = [{ deviceId: 'P00200', label: 'Kasa 9' }];

function terminalElement(devicesUrl: string, sessionUrl: string, deviceId?: string): Promise<PaynetCheckout> {
  return checkout(html`<paynet-checkout
    session-url=${sessionUrl} handoff="device" devices-url=${devicesUrl} device-id=${deviceId ?? ''} lang="en"
  ></paynet-checkout>`);
}

function select(el: PaynetCheckout): HTMLSelectElement | null {
  return shadow(el).querySelector<HTMLSelectElement>('#device');
}

async function listShown(el: PaynetCheckout): Promise<HTMLSelectElement> {
  await waitFor(() => select(el) !== null, () => `no terminal list (shows "${text(el)}")`);
  return $<HTMLSelectElement>(el, '#device');
}

describe('<paynet-checkout> terminal list (handoff="device")', () => {
  afterEach(forgetPersistedSessions);

  it('chooses the only terminal for the shopper', async () => {
    const backend = await useBackend({ devices: ONE_TERMINAL });
    const el = await terminalElement(backend.devicesUrl, backend.sessionUrl);
    expect((await listShown(el)).value).to.equal('P00200');
  });

  it('chooses the terminal named by device-id when the list has it, and none when it does not', async () => {
    const backend = await useBackend();
    const named = await terminalElement(backend.devicesUrl, backend.sessionUrl, 'P00135');
    expect((await listShown(named)).value).to.equal('P00135');
    const unknown = await terminalElement(backend.devicesUrl, backend.sessionUrl, 'P09999');
    expect((await listShown(unknown)).value).to.equal('');
  });

  it('says the list could not be loaded, and loads it again on request', async () => {
    const backend = await useBackend();
    backend.fail('devices', { kind: 'network' });
    const el = await terminalElement(backend.devicesUrl, backend.sessionUrl);
    await waitFor(() => text(el).includes('The list of terminals could not be loaded.'), () => `no failure shown ("${text(el)}")`);
    const again = [...shadow(el).querySelectorAll<HTMLButtonElement>('button')].find((button) => button.textContent?.trim() === 'Load again');
    expect(again, 'a "Load again" button').to.not.equal(undefined);
    await expect(el).to.be.accessible();
    again?.click();
    await listShown(el);
    expect(backend.requestsTo('devices')).to.have.length(2);
  });

  it('loads the list again when devices-url changes, and shows only the newer answer', async () => {
    const backend = await useBackend();
    const other = new MockMerchantBackend({ basePath: '/api/other', devices: ONE_TERMINAL });
    worker.use(...other.handlers);
    const release = backend.hold('devices');
    const el = await terminalElement(backend.devicesUrl, backend.sessionUrl);
    await waitFor(() => text(el).includes('Loading terminals…'), () => `the first list is not loading ("${text(el)}")`);
    // The first request has reached the backend and is held there before the URL changes.
    await waitFor(() => backend.arrivals('devices') === 1, 'the first list was never asked for');
    el.devicesUrl = other.devicesUrl;
    expect((await listShown(el)).value).to.equal('P00200');
    // The first request, held until now, is answered after the second: its answer changes
    // nothing. (The element aborted it when the URL changed, and Firefox's service worker may
    // then drop it unanswered, so the list is watched until it stays as it is.)
    release();
    const options = (): string[] => [...shadow(el).querySelectorAll('#device option')].map((option) => option.textContent?.trim() ?? '');
    await quiet(() => options().length, 'the terminal list');
    expect(options()).to.deep.equal(['—', 'Kasa 9 (P00200)']);
    expect(other.requestsTo('devices')).to.have.length(1);
  });

  it('loads the list again when it comes back to the page, and not when it does not need one', async () => {
    const backend = await useBackend();
    const el = await terminalElement(backend.devicesUrl, backend.sessionUrl);
    await listShown(el);
    const parent = el.parentElement;
    el.remove();
    parent?.append(el);
    await waitFor(() => backend.requestsTo('devices').length === 2, 'the list was not loaded again');
    await listShown(el);

    el.handoff = 'qr';
    await el.updateComplete;
    el.remove();
    parent?.append(el);
    await el.updateComplete;
    expect(shadow(el).querySelector('#device')).to.equal(null);
    expect(backend.requestsTo('devices')).to.have.length(2);
  });
});
