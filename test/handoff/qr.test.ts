import { expect, fixture } from '@open-wc/testing';
import { html, svg } from 'lit';
import { qrPath, QR_QUIET_ZONE_MODULES } from '../../src/handoff/qr.js';
import { decodeSvgQr } from '../element/qr-decode.js';
import { describe, it } from '../flow/mocha.js';

async function renderAndDecode(text: string): Promise<string | undefined> {
  const { size, d } = qrPath(text);
  const side = size + 2 * QR_QUIET_ZONE_MODULES;
  const q = -QR_QUIET_ZONE_MODULES;
  const host = await fixture<HTMLDivElement>(
    html`<div><svg viewBox="${q} ${q} ${side} ${side}" width=${side * 4} height=${side * 4}>${svg`<rect x=${q} y=${q} width=${side} height=${side} fill="#fff"></rect><path d=${d}></path>`}</svg></div>`,
  );
  const element = host.querySelector('svg');
  if (element === null) throw new Error('no svg');
  return decodeSvgQr(element);
}

describe('QR path', () => {
  for (const text of [
    'paypos://pay?session=ps_1',
    'paypos://pay?session=2b0f1c2e-8a4d-4f5e-9c1a-6e7d8f9a0b1c&amount=149.90',
    'https://pay.example/paypos/ŞĞÜ?x=1',
  ]) {
    it(`draws a code a scanner reads back as ${text}`, async () => {
      expect(await renderAndDecode(text)).to.equal(text);
    });
  }

  it('is a path of unit-height rectangles inside the code area', () => {
    const { size, d } = qrPath('paypos://pay?session=ps_1');
    expect(size).to.be.within(21, 41);
    for (const run of d.match(/M\d+ \d+h\d+v1h-\d+z/gu) ?? []) {
      const [x, y, w] = (run.match(/\d+/gu) ?? []).map(Number);
      expect((x ?? 0) + (w ?? 0)).to.be.at.most(size);
      expect(y).to.be.below(size);
    }
    expect(d.replace(/M\d+ \d+h\d+v1h-\d+z/gu, '')).to.equal('');
  });
});
