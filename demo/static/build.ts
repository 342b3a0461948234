/**
 * `npm run build:demo`: the sales demo as a static site in `demo-dist/` (or the folder given
 * as the first argument). Plain files any static host serves, at its root or under a sub-path:
 * the demo page (the same index.html and page code `npm start` serves, its first script swapped
 * for boot.ts), the service worker that plays the backend and Paynet (sw.js with msw's worker
 * inside), and nothing that runs on a server.
 *
 * Every URL in it is relative (Vite's `base: './'`), the strict policy travels in a meta tag
 * (a static host sends no headers we choose), and the build fails if a Node built-in is reached
 * from the page: the kit and the simulator run here as they are, or not at all.
 */
import { createHash } from 'node:crypto';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';
import { STATIC_DEMO_POLICY } from '../server/security-headers.js';

const DEMO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_STATIC_DEMO_DIR = join(REPO_ROOT, 'demo-dist');
const WORKER_FILE = 'sw.js';
const MSW_WORKER_FILE = 'mockServiceWorker.js';

export interface StaticDemoBuild {
  outDir: string;
  /** Every file written, relative to outDir. */
  files: string[];
}

export async function buildStaticDemo(outDir: string = DEFAULT_STATIC_DEMO_DIR): Promise<StaticDemoBuild> {
  await build({
    root: DEMO_ROOT,
    configFile: false,
    logLevel: 'warn',
    base: './',
    plugins: [nodeBuiltinsRefused(), staticPage(), preloadedByBoot()],
    // msw's cookie emulation, unused here, would bring the public suffix list (see the stand-in).
    resolve: { alias: { tldts: join(DEMO_ROOT, 'static/no-public-suffix-list.ts') } },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      // A host serves what is in the folder: maps would double what a prospect's phone might fetch.
      sourcemap: false,
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      rollupOptions: { input: { index: join(DEMO_ROOT, 'index.html') } },
    },
  });
  await copyFile(createRequire(import.meta.url).resolve(`msw/${MSW_WORKER_FILE}`), join(outDir, MSW_WORKER_FILE));

  // The worker keeps every file of this build; its cache is named after their content, so a
  // new deploy installs a new worker and drops the old cache.
  const kept = (await filesUnder(outDir)).filter((file) => file !== WORKER_FILE);
  const hash = createHash('sha256');
  for (const file of kept) hash.update(file).update(await readFile(join(outDir, file)));
  const precache = { version: hash.digest('hex').slice(0, 16), files: ['./', ...kept] };
  await build({
    root: DEMO_ROOT,
    configFile: false,
    logLevel: 'warn',
    define: { PRECACHE: JSON.stringify(precache) },
    build: {
      outDir,
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: false,
      // A classic script: importScripts (how msw's worker comes in) is refused in a module worker.
      lib: { entry: join(DEMO_ROOT, 'static/service-worker.ts'), formats: ['iife'], name: 'paynetDemoWorker', fileName: () => WORKER_FILE },
    },
  });
  return { outDir, files: await filesUnder(outDir) };
}

/**
 * Swaps the page's first script for the static boot, and puts the policy in a meta tag. The
 * page script, now reached by boot's `import()` rather than as an entry, is marked as having
 * side effects: the package's `sideEffects` list would otherwise let the bundler drop the
 * whole demo page, since boot uses none of its exports.
 */
function staticPage(): Plugin {
  const pageScript = join(DEMO_ROOT, 'page/main.ts');
  return {
    name: 'paynet-static-demo-page',
    transform(code, id) {
      return id === pageScript ? { code, moduleSideEffects: true } : null;
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const entry = '<script type="module" src="./page/main.ts"></script>';
        if (!html.includes(entry)) throw new Error(`demo/index.html no longer loads ${entry}: update the static build`);
        return html
          .replace(entry, '<script type="module" src="./static/boot.ts"></script>')
          .replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${STATIC_DEMO_POLICY}" />\n    <meta name="referrer" content="no-referrer" />`);
      },
    },
  };
}

/**
 * Boot reaches the back end and the page through `import()`, which a browser fetches only when
 * it runs. Preload hints for both (and what they import) let them arrive while the worker
 * installs, instead of one after the other.
 */
function preloadedByBoot(): Plugin {
  const wanted = new Set([join(DEMO_ROOT, 'static/in-browser-stack.ts'), join(DEMO_ROOT, 'page/main.ts')]);
  return {
    name: 'paynet-static-demo-preloads',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        if (!bundle) return html;
        const chunks = Object.values(bundle).filter((output) => output.type === 'chunk');
        const files = new Set<string>();
        const add = (fileName: string): void => {
          if (files.has(fileName) || html.includes(fileName)) return;
          files.add(fileName);
          for (const imported of chunks.find((chunk) => chunk.fileName === fileName)?.imports ?? []) add(imported);
        };
        for (const chunk of chunks) if (chunk.facadeModuleId && wanted.has(chunk.facadeModuleId)) add(chunk.fileName);
        return [...files].map((fileName) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${fileName}` }, injectTo: 'head' as const }));
      },
    },
  };
}

/** Fails the build where page code reaches a Node built-in, rather than shipping a shim that breaks at run time. */
function nodeBuiltinsRefused(): Plugin {
  const builtins = new Set(builtinModules);
  return {
    name: 'paynet-static-demo-no-node',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source.startsWith('node:') || builtins.has(source)) {
        this.error(`${source} is a Node built-in, imported by ${importer ?? 'an entry'}: the static demo runs in a browser`);
      }
      return null;
    },
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_STATIC_DEMO_DIR;
  const { files } = await buildStaticDemo(outDir);
  process.stdout.write(`static demo: ${files.length} files in ${relative(process.cwd(), outDir) || '.'}; serve that folder from any static host (https, or localhost)\n`);
}
