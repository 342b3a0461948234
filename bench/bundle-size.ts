/**
 * Bytes a shopper's browser fetches, ours beside Adyen Web's (core + Swish + its CSS, bundled
 * the same way: bench/peer/). Our builds are the repo's vite.config.ts builds, made into temp
 * dirs by scripts/bundle-files.ts, which also says which files are the first script and a QR
 * sale's total; `dist/` is left alone. Each file is compressed on its own (as a browser fetches
 * them) and the sizes summed.
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { adyenBuild, ourBuild, type BuiltFiles } from './peer/builds.js';
import type { Section } from './sections.js';
import type { Cell, Table } from './table.js';

/** Issue 11's targets, gzip -9 bytes (KB read as 1,024 B, as size-limit reads it). */
export const FIRST_SCRIPT_TARGET_GZIP_BYTES = 14 * 1024;
export const QR_SALE_TARGET_GZIP_BYTES = 24 * 1024;

export interface Sizes {
  files: number;
  raw: number;
  gzip: number;
  brotli: number;
}

/** One measured set of files, ours and the peer's. */
export interface BundleRow {
  name: 'first script' | 'QR-sale total' | 'ES entry';
  ours: Sizes;
  adyen: Sizes;
  targetGzip?: number;
}

export interface BundleFigures {
  rows: BundleRow[];
}

export const bundleSection: Section = {
  name: 'bundle',
  title: 'bytes a browser fetches (gzip -9, brotli 11): first script, QR-sale total, ES entry; ours beside Adyen Web',
  async run() {
    const figures = await measureBundles();
    return { tables: [bundleTable(figures)], figures };
  },
};

export async function measureBundles(): Promise<BundleFigures> {
  // One build at a time: they share the process, and two CPUs.
  const standalone = await ourBuild('standalone');
  const production = await ourBuild('production');
  const adyen = await adyenBuild();
  // Vite keeps whitespace in an ES library build (it would strip the pure annotations the
  // app's bundler needs); an app minifies it again, so that is the size that reaches users.
  // The peer's bundle is an app bundle already minified by Vite (esbuild again would only add
  // bytes), and the same bundle an app would make of it.
  return {
    rows: [
      { name: 'first script', ours: await sizes(standalone, standalone.firstScript), adyen: await sizes(adyen, adyen.firstScript), targetGzip: FIRST_SCRIPT_TARGET_GZIP_BYTES },
      { name: 'QR-sale total', ours: await sizes(standalone, standalone.qrSale), adyen: await sizes(adyen, adyen.qrSale), targetGzip: QR_SALE_TARGET_GZIP_BYTES },
      { name: 'ES entry', ours: await sizes(production, production.firstScript, true), adyen: await sizes(adyen, adyen.firstScript) },
    ],
  };
}

async function sizes(build: BuiltFiles, files: readonly string[], reminify = false): Promise<Sizes> {
  const total: Sizes = { files: files.length, raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    let code = await readFile(join(build.dir, file), 'utf8');
    if (reminify) code = (await transform(code, { minify: true, loader: extname(file) === '.css' ? 'css' : 'js', format: extname(file) === '.css' ? undefined : 'esm', target: 'es2022', legalComments: 'none' })).code;
    const bytes = Buffer.from(code, 'utf8');
    total.raw += bytes.length;
    total.gzip += gzipSync(bytes, { level: 9 }).length;
    total.brotli += brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length;
  }
  return total;
}

function bundleTable({ rows }: BundleFigures): Table {
  const ratio = (ours: number, peer: number): string => `${(ours / peer).toFixed(2)}×`;
  return {
    title: 'Bytes beside Adyen Web 6.45.2 (core + Swish + CSS), each file compressed alone, summed',
    columns: ['what the browser fetches', 'ours gzip', 'Adyen gzip', 'ratio', 'ours br', 'Adyen br', 'ratio', 'target gzip', 'met'],
    rows: rows.map((row): Cell[] => [
      row.name,
      row.ours.gzip,
      row.adyen.gzip,
      ratio(row.ours.gzip, row.adyen.gzip),
      row.ours.brotli,
      row.adyen.brotli,
      ratio(row.ours.brotli, row.adyen.brotli),
      row.targetGzip === undefined ? '—' : `≤ ${row.targetGzip.toLocaleString('en-US')}`,
      row.targetGzip === undefined ? '—' : row.ours.gzip <= row.targetGzip ? 'met' : `not met (+${(row.ours.gzip - row.targetGzip).toLocaleString('en-US')})`,
    ]),
    notes: [
      `Files: ours ${rows.map((r) => r.ours.files).join(' / ')}, Adyen ${rows.map((r) => r.adyen.files).join(' / ')} (JS + its CSS file; ours carries its CSS inside the JS).`,
      'First script and QR sale: the standalone build (script tag). ES entry: the ES build minified again by esbuild, as an',
      "app's bundler would; ours leaves lit and lean-qr to be shared with the app, Adyen's ES build inlines preact and classnames.",
      "Adyen's QR image comes from its server's /payments answer; ours draws the QR in the browser (lean-qr).",
    ],
  };
}
