import { expect, fixture, html } from '@open-wc/testing';
import { describe, it } from '../flow/mocha.js';
import { DEFAULT_ALLOWED_SCHEMES, isAllowedDeeplink, launchDeeplink } from '../../src/handoff/deeplink.js';

describe('deeplink allowlist', () => {
  const allowed = DEFAULT_ALLOWED_SCHEMES;

  for (const url of ['paypos://pay?session=ps_1', 'PAYPOS://pay?session=ps_1', 'https://paypos.example/pay?session=ps_1']) {
    it(`accepts ${url}`, () => {
      expect(isAllowedDeeplink(url, allowed)).to.equal(true);
    });
  }

  const refused: Array<[string, string]> = [
    ['javascript: URLs', 'javascript:alert(document.cookie)'],
    ['javascript: in mixed case', 'JaVaScRiPt:alert(1)'],
    ['data: URLs', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['vbscript: URLs', 'vbscript:msgbox(1)'],
    ['file: URLs', 'file:///etc/passwd'],
    ['blob: URLs', 'blob:https://shop.example/0b1c'],
    ['a scheme not on the list', 'http://paypos.example/pay'],
    ['a tab inside the scheme', 'java\tscript:alert(1)'],
    ['a newline inside the scheme', 'pay\npos://pay'],
    ['leading whitespace', ' paypos://pay'],
    ['a leading control character', '\u0001javascript:alert(1)'],
    ['a zero-width space', 'paypos\u200b://pay'],
    ['a right-to-left override', 'paypos://pay\u202eexe.'],
    ['credentials that disguise the host', 'https://paynet.com.tr@evil.example/pay'],
    ['a relative URL', '/pay?session=1'],
    ['an empty string', ''],
    ['a very long link', `paypos://pay?session=${'x'.repeat(5_000)}`],
  ];
  for (const [label, url] of refused) {
    it(`refuses ${label}`, () => {
      expect(isAllowedDeeplink(url, allowed)).to.equal(false);
    });
  }

  it('refuses dangerous schemes even when the page lists them', () => {
    const reckless = ['javascript', 'data:', 'VBSCRIPT', 'file', 'blob', 'paypos'];
    expect(isAllowedDeeplink('javascript:alert(1)', reckless)).to.equal(false);
    expect(isAllowedDeeplink('data:text/html,hi', reckless)).to.equal(false);
    expect(isAllowedDeeplink('vbscript:x', reckless)).to.equal(false);
    expect(isAllowedDeeplink('file:///x', reckless)).to.equal(false);
    expect(isAllowedDeeplink('paypos://pay', reckless)).to.equal(true);
  });

  it('compares listed schemes case-insensitively, with or without the colon', () => {
    expect(isAllowedDeeplink('paypos://pay', ['PayPOS:'])).to.equal(true);
    expect(isAllowedDeeplink('https://paypos.example/', ['paypos'])).to.equal(false);
  });
});

describe('launchDeeplink', () => {
  it('clicks a temporary anchor with the link inside the container, then removes it', async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const clicked: string[] = [];
    const intercept = (event: Event): void => {
      const target = event.target;
      if (target instanceof HTMLAnchorElement) {
        clicked.push(target.href);
        event.preventDefault();
      }
    };
    container.addEventListener('click', intercept, { capture: true });
    expect(launchDeeplink('paypos://pay?session=ps_1', container, DEFAULT_ALLOWED_SCHEMES)).to.equal(true);
    expect(clicked).to.deep.equal(['paypos://pay?session=ps_1']);
    expect(container.querySelector('a')).to.equal(null);
  });

  it('works inside a shadow root', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    const clicked: string[] = [];
    root.addEventListener(
      'click',
      (event) => {
        if (event.target instanceof HTMLAnchorElement) clicked.push(event.target.href);
        event.preventDefault();
      },
      { capture: true },
    );
    expect(launchDeeplink('paypos://pay?session=ps_2', root, DEFAULT_ALLOWED_SCHEMES)).to.equal(true);
    expect(clicked).to.deep.equal(['paypos://pay?session=ps_2']);
  });

  it('refuses a javascript: link without creating or clicking anything', async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    let clicks = 0;
    container.addEventListener('click', (event) => {
      clicks++;
      event.preventDefault();
    }, { capture: true });
    const observer = new MutationObserver(() => clicks++);
    observer.observe(container, { childList: true });
    expect(launchDeeplink('javascript:alert(1)', container, ['javascript', 'paypos'])).to.equal(false);
    await Promise.resolve();
    observer.disconnect();
    expect(clicks).to.equal(0);
  });
});
