/**
 * The only door from a backend-supplied string to a navigation. A deeplink comes from the
 * merchant backend (which got it from Paynet); if either is compromised, the string could
 * be `javascript:…`. So it is parsed, its scheme checked against an allowlist, and only
 * then opened, through a real anchor click (never `location = url`, never innerHTML).
 */

export { DEFAULT_ALLOWED_SCHEMES } from './allowed-schemes.js';

/** Schemes that run code or read local data in the page's context: refused even if listed. */
const ALWAYS_REFUSED_SCHEMES: ReadonlySet<string> = new Set([
  'javascript',
  'data',
  'vbscript',
  'file',
  'blob',
  'filesystem',
  'about',
]);

/** Generous for a PayPOS link, small enough to fit a QR code. */
const MAX_DEEPLINK_LENGTH = 2_048;

/**
 * Whitespace, C0/C1 controls, and invisible or direction-changing characters. The URL parser
 * silently strips tabs and newlines (`java\tscript:`), and the others make a link read
 * differently from what it does, so any of them anywhere refuses the link.
 */
const SUSPICIOUS_CHARACTERS = /[\s\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/u;

function normaliseScheme(scheme: string): string {
  return scheme.trim().toLowerCase().replace(/:$/, '');
}

export function isAllowedDeeplink(url: string, allowedSchemes: readonly string[]): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_DEEPLINK_LENGTH) return false;
  if (SUSPICIOUS_CHARACTERS.test(url)) return false;
  let parsed: URL;
  try {
    // No base: a relative string is not a deeplink.
    parsed = new URL(url);
  } catch {
    return false;
  }
  const scheme = normaliseScheme(parsed.protocol);
  if (ALWAYS_REFUSED_SCHEMES.has(scheme)) return false;
  // The text before the first colon must be the scheme the parser saw: no parser tricks.
  const written = url.slice(0, url.indexOf(':')).toLowerCase();
  if (written !== scheme) return false;
  // `https://paynet.com.tr@evil.example` reads as one host and goes to another.
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (scheme === 'http' || scheme === 'https') {
    if (parsed.hostname === '') return false;
  }
  return allowedSchemes.some((allowed) => {
    const normalised = normaliseScheme(allowed);
    return normalised !== '' && normalised === scheme;
  });
}

/**
 * Opens an allowed deeplink by clicking a temporary anchor inside `container` (inside the
 * element's shadow root, so a test or the page can intercept the click). Returns false and
 * does nothing when the link is refused.
 */
export function launchDeeplink(
  url: string,
  container: Node & ParentNode,
  allowedSchemes: readonly string[],
): boolean {
  if (!isAllowedDeeplink(url, allowedSchemes)) return false;
  const document = container.ownerDocument ?? (container as unknown as Document);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.rel = 'noopener noreferrer';
  anchor.hidden = true;
  container.append(anchor);
  try {
    anchor.click();
  } finally {
    anchor.remove();
  }
  return true;
}
