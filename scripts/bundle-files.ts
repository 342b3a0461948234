/**
 * Which built files a shopper's browser fetches, read from Vite's build manifest: the first
 * script (the entry and what it imports statically), and a QR sale's total (that, plus the
 * chunks a QR sale loads on demand and their own static imports). The size budget test and the
 * bench both count these, so the two can never disagree about what "first script" means.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The source modules a QR sale loads after the first script: the pay flow and the QR hand-off. */
export const QR_SALE_CHUNKS: readonly string[] = ['src/controllers/checkout-runtime.ts', 'src/modes/paypos/paypos-handoff-view.ts'];

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface BundleSets {
  /** Output directory the paths below are relative to. */
  dir: string;
  firstScript: string[];
  qrSale: string[];
}

/** Builds one mode of the repo's vite.config.ts into a fresh temp dir, with a manifest. */
export async function buildForMeasure(mode: 'production' | 'standalone', outDir?: string): Promise<string> {
  const dir = outDir ?? (await mkdtemp(join(tmpdir(), `paynet-checkout-${mode}-`)));
  await build({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    mode,
    logLevel: 'silent',
    build: { outDir: dir, emptyOutDir: true, manifest: true, sourcemap: false },
  });
  return dir;
}

/**
 * The file sets of a build made by buildForMeasure; `entry` is the entry's source path, by
 * default the element's entry of that build (not the React wrapper's).
 */
export async function bundleSets(dir: string, entry?: string): Promise<BundleSets> {
  const manifest = JSON.parse(await readFile(join(dir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  entry ??= Object.keys(manifest).find((key) => manifest[key]?.isEntry === true && !key.includes('react'));
  if (entry === undefined) throw new Error('bundle-files: the build manifest has no entry');
  const staticClosure = (keys: readonly string[], into = new Set<string>()): Set<string> => {
    for (const key of keys) {
      const chunk = manifest[key];
      if (chunk === undefined) throw new Error(`bundle-files: "${key}" is not in the build manifest`);
      if (into.has(chunk.file)) continue;
      into.add(chunk.file);
      staticClosure(chunk.imports ?? [], into);
    }
    return into;
  };
  const first = staticClosure([entry]);
  const qr = staticClosure(QR_SALE_CHUNKS, new Set(first));
  return { dir, firstScript: [...first], qrSale: [...qr] };
}
