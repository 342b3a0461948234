/**
 * How a property value is read from whatever it is given: the attribute's string, or what a
 * page or a framework assigns to the property (React 19, Preact, Vue 3 and Svelte 5 assign the
 * markup string, `instalments="1,2,3"`; Angular's `[prop]` a typed value). One pure function
 * per kind of value, shared by the attribute converters and the property setters so both
 * paths read a value the same way. Nothing here throws: an unusable value gives the default
 * and says why (`problem`), for the caller to warn about once. Reading a value already read
 * gives it back unchanged and without a problem.
 */

export interface Reading<T> {
  readonly value: T;
  /** Why the input, or part of it, was not used; absent when it was used as given. */
  readonly problem?: string;
}

const PREVIEW_LENGTH = 40;

function preview(text: string): string {
  const shown = text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
  return JSON.stringify(shown);
}

/** The input's kind for a message ("a boolean", "NaN", "a string \"abc\""); never more than a short preview of it. */
export function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  switch (typeof input) {
    case 'string':
      return `a string ${preview(input)}`;
    case 'number':
      return Number.isNaN(input) ? 'NaN' : `a number (${input})`;
    case 'bigint':
      return `a bigint (${input})`;
    case 'boolean':
      return `a boolean (${input})`;
    case 'undefined':
      return 'undefined';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof input}`;
  }
}

function unusable<T>(input: unknown, expected: string, fallback: T): Reading<T> {
  return { value: fallback, problem: `${describeInput(input)} is not ${expected}; using the default` };
}

/**
 * Text: a string as given; a finite number or a bigint as its shortest decimal string
 * (`amount={149.9}` → "149.9", which the amount parser then reads like the typed string).
 * null and undefined give the default; anything else (NaN, a boolean, an object) too, with a problem.
 */
export function readText<D extends string | undefined>(input: unknown, fallback: D): Reading<string | D> {
  if (input === null || input === undefined) return { value: fallback };
  if (typeof input === 'string') return { value: input };
  if ((typeof input === 'number' && Number.isFinite(input)) || typeof input === 'bigint') return { value: String(input) };
  return unusable(input, 'text', fallback);
}

/**
 * One of a closed set of words, in any case and with spaces around (`"QR "` → "qr"). An empty
 * string, null and undefined give the default; any other word gives it with a problem.
 */
export function readChoice<C extends string>(input: unknown, choices: readonly C[], fallback: C): Reading<C> {
  if (input === null || input === undefined) return { value: fallback };
  const expected = `one of ${choices.join(', ')}`;
  if (typeof input !== 'string') return unusable(input, expected, fallback);
  const word = input.trim().toLowerCase();
  if (word === '') return { value: fallback };
  const found = choices.find((choice) => choice === word);
  return found === undefined ? unusable(input, expected, fallback) : { value: found };
}

/**
 * A duration in milliseconds, or undefined for "not set" (the policy's own value then applies):
 * a finite number ≥ 0, or a string that reads as one (`"2000"`, as lit's `type: Number` would).
 * An empty string, null and undefined are "not set"; anything else is too, with a problem.
 */
export function readMilliseconds(input: unknown): Reading<number | undefined> {
  if (input === null || input === undefined) return { value: undefined };
  const expected = 'a duration in milliseconds (a number ≥ 0)';
  let number: number;
  if (typeof input === 'number') number = input;
  else if (typeof input === 'string') {
    if (input.trim() === '') return { value: undefined };
    number = Number(input);
  } else return unusable(input, expected, undefined);
  return Number.isFinite(number) && number >= 0 ? { value: number } : unusable(input, expected, undefined);
}

/** What a list property holds and how its entries are read. */
export interface ListKind<T> {
  /** The entry a token names, or undefined when it names none. */
  entry(token: string): T | undefined;
  /** What the entries are, for messages: "instalment counts (1 to 12)". */
  describes: string;
  /** The list when given nothing (null, undefined), or nothing usable. */
  fallback: readonly T[];
  /** An empty list given as such ("" or []) stands, instead of the default: an allowlist that allows nothing. */
  emptyStands?: boolean;
  /** Entries in this order (else as given); duplicates are always dropped. */
  order?: (a: T, b: T) => number;
}

function tokensOf(text: string): string[] {
  return text.split(/[\s,]+/u).filter((token) => token !== '');
}

/**
 * A list: the attribute's form (entries separated by commas or spaces, `"1,2,3"`, `"paypos card"`),
 * an array of entries (strings or numbers, `[1, "2"]`), or a single number (`3` → [3]).
 * Entries that name nothing are dropped, with a problem; when nothing usable is left the default
 * applies. null and undefined give the default; anything else (an object, a boolean) too, with a problem.
 */
export function readList<T>(input: unknown, kind: ListKind<T>): Reading<T[]> {
  const fallback = (): T[] => [...kind.fallback];
  if (input === null || input === undefined) return { value: fallback() };
  const expected = `a list of ${kind.describes} (an array, or a string)`;
  let tokens: string[];
  let foreign = 0;
  if (typeof input === 'string') tokens = tokensOf(input);
  else if (typeof input === 'number' || typeof input === 'bigint') tokens = [String(input)];
  else if (Array.isArray(input)) {
    tokens = [];
    for (const item of input as readonly unknown[]) {
      if (typeof item === 'string') tokens.push(...tokensOf(item));
      else if (typeof item === 'number' || typeof item === 'bigint') tokens.push(String(item));
      else foreign += 1;
    }
  } else return unusable(input, expected, fallback());

  const entries: T[] = [];
  const ignored: string[] = [];
  for (const token of tokens) {
    const entry = kind.entry(token);
    if (entry === undefined) ignored.push(token);
    else if (!entries.includes(entry)) entries.push(entry);
  }
  if (kind.order !== undefined) entries.sort(kind.order);

  const dropped = [...ignored.map((token) => JSON.stringify(token)), ...(foreign > 0 ? [`${foreign} entr${foreign === 1 ? 'y' : 'ies'} neither string nor number`] : [])];
  const given = describeInput(input);
  if (entries.length === 0) {
    if (dropped.length === 0 && kind.emptyStands === true) return { value: [] };
    if (dropped.length === 0) return { value: fallback() };
    return { value: fallback(), problem: `${given} holds no ${kind.describes} (ignored ${dropped.join(', ')}); using the default` };
  }
  if (dropped.length > 0) return { value: entries, problem: `${given}: ignored ${dropped.join(', ')}, not among ${kind.describes}` };
  return { value: entries };
}

/** Equal values as the element sees them: the same primitive, or lists with the same entries in the same order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((entry, index) => Object.is(entry, b[index]));
}
