/**
 * Bundle sizes of the element, built with the repo's own vite.config.ts into a temp dir, so
 * the figures are those of what `npm run build` ships, and `dist/` is left alone.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { build } from 'vite';
import type { Section } from './sections.js';
import type { Table } from './table.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BundleSize {
  name: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export const bundleSection: Section = {
  name: 'bundle',
  title: 'bundle sizes of the vite.config.ts builds (gzip -9, brotli)',
  async run() {
    const sizes = await measureBundles();
    return { tables: [bundleTable(sizes)], figures: sizes };
  },
};

export async function measureBundles(): Promise<BundleSize[]> {
  const dir = await mkdtemp(join(tmpdir(), 'paynet-checkout-bench-'));
  try {
    const es = await buildWith('production', join(dir, 'es'), 'paynet-checkout.js');
    const standalone = await buildWith('standalone', join(dir, 'standalone'), 'paynet-checkout.standalone.js');
    // Vite keeps whitespace in an ES library build (it would strip the pure annotations the
    // app's bundler needs); an app minifies it again, so this is the size that reaches users.
    const esMinified = (await transform(es, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' })).code;
    return [
      sizes('ES module (lit, lean-qr external)', es),
      sizes('ES module, minified by esbuild', esMinified),
      sizes('standalone IIFE (all inlined)', standalone),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function buildWith(mode: string, outDir: string, fileName: string): Promise<string> {
  await build({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    mode,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
  });
  return readFile(join(outDir, fileName), 'utf8');
}

function sizes(name: string, code: string): BundleSize {
  const bytes = Buffer.from(code, 'utf8');
  return {
    name,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

function bundleTable(sizes: BundleSize[]): Table {
  const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
  return {
    title: 'Bundle sizes (vite.config.ts builds, bytes)',
    columns: ['bundle', 'raw', 'gzip -9', 'brotli', 'brotli KiB'],
    rows: sizes.map((s) => [s.name, s.raw, s.gzip, s.brotli, kib(s.brotli)]),
    notes: ['The ES module leaves lit and lean-qr to the app bundler; the standalone IIFE carries them.'],
  };
}
