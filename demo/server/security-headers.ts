/**
 * The headers every demo page and asset is served with. The policy is the strict one a shop
 * can copy (docs/csp.md): scripts and styles only from our own origin, no inline code, no
 * eval, and Trusted Types enforced with lit's policy as the only one allowed, so the widget is
 * proven to work where a careful shop runs it, not just on a permissive test page.
 */
export const CSP_REPORT_PATH = '/_demo/csp-report';

/** The directives both demo hosts enforce: the served one (as a header) and the static one (in a meta tag). */
const POLICY_DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
];

export const CONTENT_SECURITY_POLICY = [...POLICY_DIRECTIVES, "frame-ancestors 'none'", `report-uri ${CSP_REPORT_PATH}`].join('; ');

/**
 * The static demo's policy (demo/static), delivered in a `<meta http-equiv>` because a static
 * host sends no headers we choose. The same directives, less the two a meta policy may not
 * carry (`frame-ancestors`, `report-uri`: a browser ignores them there and says so), plus
 * `worker-src 'self'` for the service worker that plays the backend and Paynet. The policy
 * that `trusted-types` names is one more: `paynet-demo-worker`, which passes the worker's
 * own URL, and nothing else, to `navigator.serviceWorker.register`.
 */
export const STATIC_DEMO_POLICY = [...POLICY_DIRECTIVES.map((d) => (d.startsWith('trusted-types') ? `${d} paynet-demo-worker` : d)), "worker-src 'self'"].join('; ');

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
