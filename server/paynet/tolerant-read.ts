/**
 * Tolerant readers for the fields where Paynet's own pages disagree with themselves
 * (paynet-api.md §4, "Types in practice"): `code` documented as a string but shown as a
 * number, amounts as numbers or comma strings, dates in ISO or Turkish `dd.MM.yyyy HH:mm:ss`.
 * Each reader accepts every documented reading and answers undefined for anything else, so
 * a caller can tell "absent or unreadable" from a value and never guesses.
 */
import { amountFromPaynet } from '../decimal.js';

/** Paynet's local time zone: a date written without an offset is a wall-clock time there. */
export const PAYNET_TIME_ZONE = 'Europe/Istanbul';

/** A non-negative integer given as a number or a numeric string ("0", " 7 "). */
export function readInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && /^\s*[0-9]{1,15}\s*$/.test(value)) return Number(value.trim());
  return undefined;
}

/** A return code (`code`, `result_code`): a number or a numeric string. */
export const readCode = readInteger;

/** `true`, `"true"`, `1`, `"1"` → true; `false`, `"false"`, `0`, `"0"` → false; anything else undefined. */
export function readBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || (typeof value === 'string' && value.trim().toLowerCase() === 'true')) return true;
  if (value === 0 || value === '0' || (typeof value === 'string' && value.trim().toLowerCase() === 'false')) return false;
  return undefined;
}

/**
 * An amount as Paynet may write it — `12.5`, `"12.50"`, `"12,50"`, `"1.234,56"`, `"1,234.56"`
 * — as our "1234.56". With both separators present the last one is the decimal mark.
 */
export function readAmount(value: unknown): string | undefined {
  if (typeof value !== 'string') return amountFromPaynet(value);
  const text = value.trim();
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const decimalMark = lastDot > lastComma ? '.' : ',';
    const grouping = decimalMark === '.' ? ',' : '.';
    const ungrouped = text.split(grouping).join('');
    // Grouping must be in threes: "1.234,56" yes, "1.23,45" no.
    if (!new RegExp(`^[1-9][0-9]{0,2}(\\${grouping}[0-9]{3})+\\${decimalMark}[0-9]{1,2}$`).test(text)) return undefined;
    return amountFromPaynet(ungrouped.replace(decimalMark, '.'));
  }
  return amountFromPaynet(text);
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const TURKISH_RE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
/** The largest instant a JS Date holds. */
const MAX_DATE_MS = 8.64e15;
const DOTNET_RE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/**
 * A Paynet date (`expired_date`, `xact_date`) as epoch ms: ISO 8601 with or without an
 * offset, `dd.MM.yyyy HH:mm:ss` (day first, as Turkish pages write it), or .NET's
 * `/Date(ms)/`. A time without an offset is a wall-clock time in Istanbul, not the server's
 * zone. Undefined for anything else, including impossible dates (31.02.2026).
 */
export function readPaynetDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const dotnet = DOTNET_RE.exec(text);
  if (dotnet) {
    const ms = Number(dotnet[1]);
    return Math.abs(ms) <= MAX_DATE_MS ? ms : undefined;
  }
  const iso = ISO_RE.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    const wall = { year: +y!, month: +mo!, day: +d!, hour: +h!, minute: +mi!, second: s ? +s : 0, ms: frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0 };
    if (!isValidWall(wall)) return undefined;
    const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.ms);
    if (zone === undefined) return fromIstanbulWallTime(asUtc);
    if (zone.toUpperCase() === 'Z') return asUtc;
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    return asUtc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  const tr = TURKISH_RE.exec(text);
  if (tr) {
    const [, d, mo, y, h, mi, s] = tr;
    const wall = { year: +y!, month: +mo!, day: +d!, hour: h ? +h : 0, minute: mi ? +mi : 0, second: s ? +s : 0, ms: 0 };
    if (!isValidWall(wall)) return undefined;
    return fromIstanbulWallTime(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
  }
  return undefined;
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

function isValidWall(w: WallTime): boolean {
  // Years below 1000 are no date Paynet writes (and Date.UTC would read 0–99 as the 1900s).
  if (w.year < 1000 || w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 59) return false;
  const daysInMonth = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
  return w.day <= daysInMonth;
}

const istanbulParts = new Intl.DateTimeFormat('en-US', {
  timeZone: PAYNET_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Istanbul's offset from UTC at instant `t`, in ms (+3 h since 2016; the tz database knows the past). */
function istanbulOffsetMs(t: number): number {
  const parts = Object.fromEntries(istanbulParts.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const wallAsUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return wallAsUtc - Math.floor(t / 1000) * 1000;
}

/** The instant at which Istanbul's clocks showed the wall time `wallAsUtc` (given as if it were UTC). */
function fromIstanbulWallTime(wallAsUtc: number): number {
  const guess = wallAsUtc - istanbulOffsetMs(wallAsUtc);
  // Near a historical DST change the offset at the guess may differ: one correction settles it.
  return wallAsUtc - istanbulOffsetMs(guess);
}
