/**
 * Stands in for `tldts` in the static demo's build (demo/static/build.ts aliases it here).
 *
 * msw emulates cookies for the responses its handlers write, through tough-cookie, which asks
 * tldts for a host's registrable domain: the whole public suffix list, about 47 KB gzip, a
 * quarter of the demo's first script. The demo's handlers set no cookie and read none, so the
 * list can never change an answer here. "No registrable domain known" is the answer that
 * keeps tough-cookie's own rules: every cookie stays host-only, and a Domain attribute is refused.
 */
export function getDomain(_domain: string, _options?: unknown): string | null {
  return null;
}
