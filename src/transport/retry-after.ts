/**
 * Retry-After (RFC 9110 §10.2.3), read once for both sides: the element reads the shop
 * backend's hint, the kit reads Paynet's. Pure and import-free, so the server kit can load it
 * without any browser code.
 */

/**
 * Retry-After as milliseconds from `nowMs`: whole seconds ("120"), or a date ("Tue, 24 Nov
 * 2026 10:00:05 GMT"), where a date already past counts as 0. Undefined when absent or
 * unreadable.
 */
export function parseRetryAfterMs(header: string | null, nowMs: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
