// A module resolve hook for test/server/kit-entry.test.ts: writes every URL node resolves, one a line, to the file it is given.
import { appendFileSync } from 'node:fs';

let file;
export function initialize(data) {
  file = data.file;
}
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(file, `${result.url}\n`);
  return result;
}
