import { expect } from '@open-wc/testing';
import { detectPlatform, resolveHandoff } from '../../src/handoff/platform.js';
import { describe, it } from '../flow/mocha.js';

export const USER_AGENTS = {
  androidChrome: 'Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  androidSamsung: 'Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-G991B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
  iphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  macSafari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  windowsChrome: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  linuxFirefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
};

describe('platform detection', () => {
  it('recognises Android browsers from the User-Agent string', () => {
    expect(detectPlatform({ userAgent: USER_AGENTS.androidChrome })).to.equal('android');
    expect(detectPlatform({ userAgent: USER_AGENTS.androidSamsung })).to.equal('android');
  });

  it('recognises iPhone and iPad', () => {
    expect(detectPlatform({ userAgent: USER_AGENTS.iphone })).to.equal('ios');
    expect(detectPlatform({ userAgent: USER_AGENTS.ipad })).to.equal('ios');
  });

  it('treats desktops as other', () => {
    for (const ua of [USER_AGENTS.macSafari, USER_AGENTS.windowsChrome, USER_AGENTS.linuxFirefox]) {
      expect(detectPlatform({ userAgent: ua })).to.equal('other');
    }
  });

  it('prefers User-Agent Client Hints over the (frozen) User-Agent string', () => {
    expect(detectPlatform({ userAgent: USER_AGENTS.linuxFirefox, userAgentData: { platform: 'Android', mobile: true } })).to.equal('android');
    expect(detectPlatform({ userAgent: USER_AGENTS.androidChrome, userAgentData: { platform: 'Windows' } })).to.equal('other');
    expect(detectPlatform({ userAgent: USER_AGENTS.androidChrome, userAgentData: { platform: '' } })).to.equal('android');
  });

  it('resolves auto to a deeplink on Android and a QR code everywhere else, iOS included', () => {
    expect(resolveHandoff('auto', 'android')).to.equal('deeplink');
    expect(resolveHandoff('auto', 'ios')).to.equal('qr');
    expect(resolveHandoff('auto', 'other')).to.equal('qr');
    expect(resolveHandoff('qr', 'android')).to.equal('qr');
    expect(resolveHandoff('deeplink', 'other')).to.equal('deeplink');
    expect(resolveHandoff('device', 'android')).to.equal('device');
  });
});
