/**
 * The builds the bundle and tti sections measure, made once per bench run and shared: ours
 * with the repo's vite.config.ts through scripts/bundle-files.ts (so the bench counts the same
 * files as the size budget), and the peer's page script (bench/peer/adyen-swish.ts) with
 * Vite's defaults and the same target and minifier. Temp dirs go when the process exits.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { buildForMeasure, bundleSets, type BundleSets } from '../../scripts/bundle-files.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PEER_ENTRY = 'bench/peer/adyen-swish.ts';

/** Files of one build, relative to `dir`: what a page fetches first, and in all for a QR sale. */
export type BuiltFiles = BundleSets;

const temps: string[] = [];
process.on('exit', () => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
const memo = new Map<string, Promise<BuiltFiles>>();
const once = (key: string, make: () => Promise<BuiltFiles>): Promise<BuiltFiles> => {
  let built = memo.get(key);
  if (built === undefined) memo.set(key, (built = make()));
  return built;
};

/** Our element: `standalone` is the script-tag build, `production` the ES build apps import. */
export function ourBuild(mode: 'standalone' | 'production'): Promise<BuiltFiles> {
  return once(`ours:${mode}`, async () => {
    const dir = await tempDir(`ours-${mode}`);
    return bundleSets(await buildForMeasure(mode, dir));
  });
}

/**
 * Adyen Web core + Swish + its CSS, bundled as a shop's page script. Its ES build inlines its
 * own dependencies (preact, classnames: it has no bare imports), so an app's bundle of it is
 * this same bundle: it is also the peer of our ES entry.
 */
export function adyenBuild(): Promise<BuiltFiles> {
  return once('adyen', async () => {
    const dir = await tempDir('adyen');
    await build({
      root: ROOT,
      configFile: false,
      publicDir: false,
      logLevel: 'silent',
      mode: 'production',
      build: {
        outDir: dir,
        emptyOutDir: true,
        target: 'es2022',
        minify: true,
        sourcemap: false,
        manifest: true,
        modulePreload: false,
        rollupOptions: { input: join(ROOT, PEER_ENTRY) },
      },
    });
    return manifestSets(dir, PEER_ENTRY);
  });
}

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  dynamicImports?: string[];
}

/** First script: the entry, its static imports and their CSS; QR sale: plus every dynamic import. */
async function manifestSets(dir: string, entry: string): Promise<BuiltFiles> {
  const manifest = JSON.parse(await readFile(join(dir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const closure = (keys: readonly string[], dynamic: boolean, into: Set<string>): Set<string> => {
    for (const key of keys) {
      const chunk = manifest[key];
      if (chunk === undefined) throw new Error(`peer build: "${key}" is not in the manifest`);
      if (into.has(chunk.file)) continue;
      into.add(chunk.file);
      for (const css of chunk.css ?? []) into.add(css);
      closure([...(chunk.imports ?? []), ...(dynamic ? (chunk.dynamicImports ?? []) : [])], dynamic, into);
    }
    return into;
  };
  return { dir, firstScript: [...closure([entry], false, new Set())], qrSale: [...closure([entry], true, new Set())] };
}

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `paynet-bench-${name}-`));
  temps.push(dir);
  return dir;
}
