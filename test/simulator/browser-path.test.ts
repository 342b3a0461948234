/**
 * "One behaviour, two hosts": the simulator core and the kit's request path (with the default
 * memory store) must run in a browser page too. Two checks that together cover it:
 *
 * - bundled by esbuild for `platform: 'browser'`, no import on the path reaches a Node module
 *   (`node:*`, or a builtin's bare name such as `crypto`);
 * - compiled with the DOM lib and no Node types, no code on the path names a Node-only global
 *   (`Buffer`, `process`, `setImmediate`, the `NodeJS` namespace).
 *
 * Each check is shown to fail on a fixture that breaks it, so a pass means something.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules/.bin/tsc');
/** What a browser host imports: the simulator core, its web adapter, the kit and its default store. */
const BROWSER_ENTRIES = ['simulator/simulator-core.ts', 'simulator/web-adapter.ts', 'server/backend.ts', 'server/store/memory-store.ts'].map((file) => join(ROOT, file));

const NODE_BUILTINS = new Set(builtinModules);

function isNodeModule(specifier: string): boolean {
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0] ?? '');
}

/** Every import of a Node module esbuild meets while bundling `entryPoints` for a browser, as "specifier from file". */
async function nodeImportsReached(entryPoints: string[]): Promise<string[]> {
  const reached: string[] = [];
  const recordNodeImports: Plugin = {
    name: 'record-node-imports',
    setup(builder) {
      builder.onResolve({ filter: /.*/ }, (args) => {
        if (!isNodeModule(args.path)) return undefined;
        reached.push(`${args.path} from ${relative(ROOT, args.importer)}`);
        return { path: args.path, external: true };
      });
    },
  };
  await build({ entryPoints, bundle: true, platform: 'browser', format: 'esm', outdir: join(tmpdir(), 'unused'), write: false, logLevel: 'silent', plugins: [recordNodeImports] });
  return reached;
}

describe('the browser path', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'paynet-browser-path-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function fixture(name: string, source: string): string {
    const file = join(dir, name);
    writeFileSync(file, source);
    return file;
  }

  /** tsc over `files` as browser code: DOM lib, no @types at all. */
  function compileForBrowser(files: string[]): { status: number | null; output: string } {
    const config = join(dir, `tsconfig-${files.length}-${Date.now()}.json`);
    writeFileSync(
      config,
      JSON.stringify({ extends: join(ROOT, 'tsconfig.base.json'), compilerOptions: { lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [], noEmit: true }, files }),
    );
    const result = spawnSync(TSC, ['-p', config, '--pretty', 'false'], { encoding: 'utf8', cwd: dir });
    return { status: result.status, output: result.stdout + result.stderr };
  }

  it('imports no Node module from the simulator core, its web adapter, the kit or the memory store', async () => {
    assert.deepEqual(await nodeImportsReached(BROWSER_ENTRIES), []);
  });

  it('would see a Node module imported anywhere on the path, by node: name or bare name', async () => {
    const direct = fixture('direct.ts', `import { createHash } from 'node:crypto';\nexport const hash = createHash;\n`);
    const bare = fixture('bare.ts', `import { readFileSync } from 'fs';\nexport const read = readFileSync;\n`);
    const deep = fixture('deep.ts', `export { hash } from './direct.js';\nexport { createSimulatorCore } from '${join(ROOT, 'simulator/simulator-core.js')}';\n`);
    assert.deepEqual(await nodeImportsReached([direct]), ['node:crypto from ' + relative(ROOT, direct)]);
    assert.deepEqual(await nodeImportsReached([bare]), ['fs from ' + relative(ROOT, bare)]);
    assert.deepEqual(await nodeImportsReached([deep]), ['node:crypto from ' + relative(ROOT, direct)]);
    // The Node entry of the simulator is the node:http host: seen as such.
    assert.ok((await nodeImportsReached([join(ROOT, 'simulator/index.ts')])).includes('node:http from simulator/server.ts'));
  });

  it('compiles as browser code, with the DOM lib and no Node types', () => {
    const result = compileForBrowser(BROWSER_ENTRIES);
    assert.equal(result.status, 0, result.output);
  });

  it('would see a Node-only global used on the path', () => {
    const globals = fixture('globals.ts', `export const size = Buffer.byteLength('x');\nexport const timer: NodeJS.Timeout | undefined = undefined;\nsetImmediate(() => process.exit(0));\n`);
    const result = compileForBrowser([globals]);
    assert.notEqual(result.status, 0);
    for (const name of ['Buffer', 'NodeJS', 'setImmediate', 'process']) assert.match(result.output, new RegExp(`'${name}'`), name);
  });
});
