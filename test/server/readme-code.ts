/**
 * Keeps the recipes of server/README.md the code the tests run. A test file marks a region
 * with `// README: name` … `// README end`; the README puts `<!-- tested: test/server/file.ts#name -->`
 * right before a code block. The block must be the region (dedented), both less their leading
 * import lines (the tests import `../../server/index.js`, a shop `paynet-checkout/server`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The code of region `name` in `file` (a path from the repository root), dedented. */
export function testedRegion(file: string, name: string): string {
  const lines = readFileSync(`${ROOT}${file}`, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trim() === `// README: ${name}`);
  if (start < 0) throw new Error(`${file} has no region "${name}"`);
  const end = lines.findIndex((line, i) => i > start && line.trim() === '// README end');
  if (end < 0) throw new Error(`region "${name}" of ${file} has no end`);
  const region = lines.slice(start + 1, end);
  const indent = Math.min(...region.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length));
  return withoutImports(region.map((line) => line.slice(indent)));
}

/** The code block of server/README.md marked as tested by `file#name`, less its leading imports. */
export function readmeBlock(file: string, name: string): string {
  const readme = readFileSync(`${ROOT}server/README.md`, 'utf8');
  const marker = `<!-- tested: ${file}#${name} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`server/README.md has no block marked ${marker}`);
  const block = /^```[a-z]*\n([\s\S]*?)\n```/m.exec(readme.slice(at + marker.length));
  if (!block) throw new Error(`no code block after ${marker}`);
  return withoutImports(block[1]!.split('\n'));
}

/** The code after its leading import lines (one line each), which name paths that differ between the two. */
function withoutImports(lines: string[]): string {
  let first = 0;
  while (first < lines.length && (lines[first]!.trim() === '' || /^import\b/.test(lines[first]!))) first += 1;
  return lines.slice(first).join('\n').trim();
}
