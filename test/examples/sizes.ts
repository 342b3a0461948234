/**
 * What an example's browser JavaScript weighs (gzip -9, as bench/ measures), and — for a Vite
 * app — what the same app weighs with the package's imports replaced by empty modules, so the
 * difference is what adding <paynet-checkout> cost that app.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runLogged } from './processes.js';
import { LOG_DIR, PACK_DIR, type Example } from './workspace.js';

export function gzipBytes(data: Uint8Array): number {
  return gzipSync(data, { level: 9 }).length;
}

/** The sum of gzip sizes of every .js file under `dir` (each file compressed alone, as served). */
export async function jsBytesGzip(dir: string): Promise<number | undefined> {
  if (!existsSync(dir)) return undefined;
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.js')) total += gzipBytes(await readFile(join(entry.parentPath, entry.name)));
  }
  return total;
}

const STUBS = {
  // The wrapper renders nothing; the tag itself stays in the markup, undefined.
  'paynet-checkout/react': 'export const PaynetCheckout = () => null;\n',
  'paynet-checkout': 'export {};\n',
} as const;

/** A Vite example built again without the package (its imports aliased to stubs); undefined for other toolchains. */
export async function viteBaselineBytesGzip(example: Example): Promise<number | undefined> {
  if (!['vite.config.ts', 'vite.config.js', 'vite.config.mts'].some((file) => existsSync(join(example.dir, file)))) return undefined;
  const stubs = join(PACK_DIR, 'stubs');
  const outDir = join(PACK_DIR, 'baseline', example.name);
  await mkdir(stubs, { recursive: true });
  const alias: Array<{ find: string; replacement: string }> = [];
  for (const [specifier, source] of Object.entries(STUBS)) {
    const file = join(stubs, `${specifier.replace('/', '-')}.js`);
    await writeFile(file, source);
    alias.push({ find: `^${specifier.replace('/', '\\/')}$`, replacement: file });
  }
  // Vite's own build API, resolved from the example (its Vite, its config file), with the aliases on top.
  const script = `
    const { build } = await import('vite');
    const { outDir, alias } = JSON.parse(process.env.BASELINE);
    await build({
      root: process.cwd(),
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, reportCompressedSize: false },
      resolve: { alias: alias.map(({ find, replacement }) => ({ find: new RegExp(find), replacement })) },
    });`;
  await runLogged(LOG_DIR, `${example.name}-baseline`, process.execPath, ['--input-type=module', '-e', script], {
    cwd: example.dir,
    env: { ...process.env, BASELINE: JSON.stringify({ outDir, alias }) },
  });
  const bytes = await jsBytesGzip(outDir);
  await rm(outDir, { recursive: true, force: true });
  return bytes;
}
