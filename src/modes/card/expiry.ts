/** Card expiry "MM/YY": parsed and compared with today, valid through the last day of its month. */

export type ParsedExpiry = { ok: true; month: number; year: number } | { ok: false; error: 'invalid' | 'past' };

/** "0427", "04/27", "4/27", "04 / 2027" → April 2027. */
export function parseExpiry(input: string, today: Date = new Date()): ParsedExpiry {
  const match = /^\s*(\d{1,2})\s*[/\-.\s]?\s*(\d{2}|\d{4})\s*$/u.exec(input);
  if (match === null) return { ok: false, error: 'invalid' };
  const month = Number(match[1]);
  const yearText = match[2] ?? '';
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  if (month < 1 || month > 12) return { ok: false, error: 'invalid' };
  const thisMonth = today.getFullYear() * 12 + today.getMonth();
  if (year * 12 + (month - 1) < thisMonth) return { ok: false, error: 'past' };
  return { ok: true, month, year };
}

/** As the shopper types: "042" → "04/2", "1" stays "1", digits only. */
export function formatExpiryInput(input: string): string {
  const digits = input.replace(/[^0-9]/gu, '').slice(0, 4);
  if (digits.length === 1 && Number(digits) > 1) return `0${digits}/`;
  if (digits.length <= 2) return digits;
  return `${digits.slice(0, 2)}/${digits.slice(2)}`;
}
