import { expect } from '@open-wc/testing';
import { detectPlatform, resolveHandoff } from '../../src/handoff/platform.js';
import { describe, it } from '../flow/mocha.js';
import { USER_AGENTS } from '../mocks/user-agents.js';


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
