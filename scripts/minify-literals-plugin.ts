/**
 * A Vite plugin that minifies the CSS inside lit's css`` literals (Lightning CSS, through
 * minify-literals) in our own sources. The styles are strings to the JS minifier, which keeps
 * their whitespace and comments; shipped unminified they were a tenth of the first script.
 * html`` templates are left as written: whitespace between inline elements is text there.
 */
import { minifyHTMLLiterals } from 'minify-literals';
import type { Plugin } from 'vite';

export function minifyCssLiterals(): Plugin {
  return {
    name: 'paynet-minify-css-literals',
    apply: 'build',
    async transform(code, id) {
      if (!/\/src\/.*\.ts$/u.test(id) || !code.includes('css`')) return null;
      const result = await minifyHTMLLiterals(code, { fileName: id, html: false });
      return result === null ? null : { code: result.code, map: result.map ?? null };
    },
  };
}
