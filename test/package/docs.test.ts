/**
 * docs/frameworks.md shows the example apps' code: each block marked
 * `<!-- example: examples/… -->` must be that file exactly, so the page cannot drift from what
 * test/examples/run.ts builds and pays with.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './tarball.js';

const PAGE = 'docs/frameworks.md';

describe(PAGE, () => {
  it('shows each example file it names exactly as it is', async () => {
    const page = await readFile(join(ROOT, PAGE), 'utf8');
    const blocks = [...page.matchAll(/<!-- example: (\S+) -->\n```[a-z]*\n([\s\S]*?)\n```/g)];
    assert.ok(blocks.length >= 8, `only ${blocks.length} example blocks`);
    // A marker whose block is missing or malformed would otherwise be skipped silently.
    assert.equal(blocks.length, [...page.matchAll(/<!-- example: /g)].length, 'a marker without a code block right after it');
    for (const [, path, shown] of blocks) {
      const file = await readFile(join(ROOT, path!), 'utf8');
      assert.equal(shown, file.replace(/\n+$/, ''), `${PAGE} differs from ${path}`);
    }
  });
});
