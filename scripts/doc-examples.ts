/**
 * Rewrites each block of docs/frameworks.md marked `<!-- example: path -->` with the file it
 * names, after an example changed (test/package/docs.test.ts fails until then).
 * Run: node --import tsx scripts/doc-examples.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PAGE = `${ROOT}docs/frameworks.md`;
const FENCE: Record<string, string> = { tsx: 'tsx', ts: 'ts', vue: 'vue', html: 'html' };

const page = readFileSync(PAGE, 'utf8');
const updated = page.replace(/<!-- example: (\S+) -->\n(```[a-z]*\n[\s\S]*?\n```)?/g, (_block, path: string) => {
  const extension = path.slice(path.lastIndexOf('.') + 1);
  const code = readFileSync(`${ROOT}${path}`, 'utf8').replace(/\n+$/, '');
  return `<!-- example: ${path} -->\n\`\`\`${FENCE[extension] ?? extension}\n${code}\n\`\`\``;
});
writeFileSync(PAGE, updated);
