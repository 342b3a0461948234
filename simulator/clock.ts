/**
 * Paynet's dates are Turkish local time. Türkiye has been UTC+3 all year since 2016, so a
 * fixed offset is exact and keeps the simulator independent of the machine's time zone.
 */

const ISTANBUL_OFFSET_MS = 3 * 60 * 60_000;
export const DAY_MS = 24 * 60 * 60_000;

function shifted(ms: number): string {
  return new Date(ms + ISTANBUL_OFFSET_MS).toISOString();
}

/** The Istanbul wall clock at `ms`: date "2026-04-06", time "10:00:00", millis "000". */
export function istanbulWall(ms: number): { date: string; time: string; millis: string } {
  const text = shifted(ms);
  return { date: text.slice(0, 10), time: text.slice(11, 19), millis: text.slice(20, 23) };
}

/** The Istanbul calendar day, "2026-04-06": a cancel is only possible on the sale's day. */
export function istanbulDay(ms: number): string {
  return shifted(ms).slice(0, 10);
}

/** "2026-04-06 10:00:00", the device API's `transactionDate`. */
export function deviceDateTime(ms: number): string {
  return shifted(ms).slice(0, 19).replace('T', ' ');
}

/** "20260406", the device API's `paymentDate`. */
export function devicePaymentDate(ms: number): string {
  return istanbulDay(ms).replaceAll('-', '');
}
