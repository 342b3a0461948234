/**
 * Which handoff `auto` means on this device. Android can open the PayPOS deeplink itself;
 * everything else (desktop, iOS — PayPOS is an Android app) shows a QR code for an Android
 * phone to scan. Pure: the caller passes what the browser says about itself.
 */
import type { HandoffPreference, ResolvedHandoff } from '../flow/types.js';

export type Platform = 'android' | 'ios' | 'other';

/** The parts of `navigator` this module reads (User-Agent Client Hints where available). */
export interface UserAgentInfo {
  userAgent: string;
  userAgentData?: { platform?: string; mobile?: boolean } | undefined;
}

export function detectPlatform(info: UserAgentInfo): Platform {
  const hinted = info.userAgentData?.platform;
  if (hinted !== undefined && hinted !== '') {
    if (/^android$/iu.test(hinted)) return 'android';
    if (/^ios$/iu.test(hinted)) return 'ios';
    return 'other';
  }
  const ua = info.userAgent;
  if (/\bAndroid\b/iu.test(ua)) return 'android';
  if (/\b(?:iPhone|iPad|iPod)\b/u.test(ua)) return 'ios';
  return 'other';
}

export function resolveHandoff(preference: HandoffPreference, platform: Platform): ResolvedHandoff {
  if (preference !== 'auto') return preference;
  return platform === 'android' ? 'deeplink' : 'qr';
}

/**
 * What this browser says about itself (userAgentData is Chromium-only, hence optional). With no
 * navigator (server rendering on Node 20) it says nothing, which reads as "other": a QR code.
 */
export function currentUserAgent(): UserAgentInfo {
  if (typeof navigator === 'undefined') return { userAgent: '' };
  const nav = navigator as Navigator & { userAgentData?: { platform?: string; mobile?: boolean } };
  return { userAgent: nav.userAgent ?? '', userAgentData: nav.userAgentData };
}
