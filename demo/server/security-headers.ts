/**
 * The headers every demo page and asset is served with. The policy is the strict one a shop
 * can copy (docs/csp.md): scripts and styles only from our own origin, no inline code, no
 * eval, and Trusted Types enforced with lit's policy as the only one allowed, so the widget is
 * proven to work where a careful shop runs it, not just on a permissive test page.
 */
export const CSP_REPORT_PATH = '/_demo/csp-report';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
  `report-uri ${CSP_REPORT_PATH}`,
].join('; ');

export function pageSecurityHeaders(): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}
