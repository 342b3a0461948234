/**
 * What `npm publish` would ship, checked as a user meets it: only the files we mean to ship,
 * within a size budget; every entry point, manifest, map and documentation link resolvable
 * inside the tarball; and the server kit loadable from a fresh CommonJS project, an ES module
 * project and a strict TypeScript project that has none of the optional peers installed.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { packTarball, projectWith, ROOT, type Project, type Tarball } from './tarball.js';

/**
 * About 8% over what ships today (505 KB packed, 1.46 MB unpacked, 262 files): the standalone
 * build and its chunks with their source maps (with sources, for debugging the script-tag file
 * from a CDN), the ES build and its chunks, the README's screenshot, the kit and the
 * declarations. Set again when the element was split into lazy chunks (was 470 KB and 1.35 MB
 * when last set): each chunk is in both builds, and the standalone's with a map of its own.
 */
const MAX_PACKED_BYTES = 546_000;
const MAX_UNPACKED_BYTES = 1_572_000;

/** Everything the tarball may contain; anything else is a mistake (a test file, a source map of sources not shipped…). */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^server\/README\.md$/,
  /^docs\/[a-z-]+\.md$/,
  /^docs\/screenshots\/desktop-awaiting\.png$/,
  /^dist\/paynet-checkout\.js$/,
  /^dist\/react\.js$/,
  /^dist\/paynet-checkout\.standalone\.js(\.map)?$/,
  // The lazy chunks (src/lazy/chunks.ts): the ES build's for apps' bundlers, the standalone's with their maps.
  /^dist\/chunks\/[\w-]+\.js$/,
  /^dist\/standalone\/[\w-]+\.js(\.map)?$/,
  /^dist\/custom-elements\.json$/,
  /^dist\/server\/[\w/-]+\.js$/,
  // The kit's few imports from src/: the contract and the pure helpers it shares with the element.
  /^dist\/src\/(contract|modes\/card\/luhn|transport\/retry-after)\.js$/,
  /^dist\/types\/(src|server)\/[\w/.-]+\.d\.ts$/,
];

const REQUIRED = ['package.json', 'README.md', 'LICENSE', 'dist/custom-elements.json', 'dist/paynet-checkout.standalone.js'];

interface PackageJson {
  main: string;
  types: string;
  customElements: string;
  exports: Record<string, string | Record<string, string>>;
  repository?: { url: string };
  homepage?: string;
  bugs?: { url: string };
  license: string;
}

let tarball: Tarball;
let manifest: PackageJson;
let shipped: Set<string>;

before(async () => {
  tarball = await packTarball();
  manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
  shipped = new Set(tarball.files.map((f) => f.path));
});
after(() => tarball?.dispose());

describe('the tarball', () => {
  it('holds only files on the allowed list, and the ones a package needs', () => {
    const unexpected = [...shipped].filter((path) => !ALLOWED.some((pattern) => pattern.test(path)));
    assert.deepEqual(unexpected, [], 'files outside the allowed list');
    for (const path of REQUIRED) assert.ok(shipped.has(path), `${path} is missing`);
  });

  it(`stays within its size budget (${MAX_PACKED_BYTES} B packed, ${MAX_UNPACKED_BYTES} B unpacked)`, () => {
    assert.ok(tarball.size <= MAX_PACKED_BYTES, `packed ${tarball.size} B`);
    assert.ok(tarball.unpackedSize <= MAX_UNPACKED_BYTES, `unpacked ${tarball.unpackedSize} B`);
  });

  it('ships every file package.json points at: main, types, customElements and each export condition', () => {
    const targets = [manifest.main, manifest.types, manifest.customElements];
    for (const entry of Object.values(manifest.exports)) targets.push(...(typeof entry === 'string' ? [entry] : Object.values(entry)));
    for (const target of targets) assert.ok(shipped.has(posix.normalize(target)), `${target} is not in the tarball`);
  });

  it('says where it comes from: license, repository, homepage and issue tracker', () => {
    assert.equal(manifest.license, 'MIT');
    for (const url of [manifest.repository?.url, manifest.homepage, manifest.bugs?.url]) assert.match(url ?? '', /^(git\+)?https:\/\//);
  });

  it('ships source maps only with their sources inside them', async () => {
    const maps = [...shipped].filter((path) => path.endsWith('.map'));
    for (const path of maps) {
      const map = JSON.parse(await readFile(join(ROOT, path), 'utf8')) as { sources: string[]; sourcesContent?: Array<string | null> };
      assert.equal(map.sourcesContent?.length, map.sources.length, `${path}: sourcesContent does not cover its sources`);
      assert.ok(map.sourcesContent.every((text) => typeof text === 'string' && text.length > 0), `${path}: an empty source`);
    }
  });

  it('has a custom elements manifest that describes the published module, not the sources', async () => {
    const text = await readFile(join(ROOT, manifest.customElements), 'utf8');
    const cem = JSON.parse(text) as { modules: Array<{ path: string; exports: Array<{ kind: string; name: string }> }> };
    assert.deepEqual(cem.modules.map((m) => m.path), ['dist/paynet-checkout.js']);
    assert.ok(cem.modules[0]?.exports.some((e) => e.kind === 'custom-element-definition' && e.name === 'paynet-checkout'));
    assert.doesNotMatch(text, /"(path|module)": "(\.\/|src\/)/, 'a reference into src/ remains');
  });

  it('links from every shipped document to files that are shipped too (or to absolute URLs)', async () => {
    const documents = [...shipped].filter((path) => path.endsWith('.md'));
    const broken: string[] = [];
    for (const document of documents) {
      const text = await readFile(join(ROOT, document), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        if (target === undefined || /^(https?:|mailto:|#)/.test(target)) continue;
        const path = posix.normalize(posix.join(posix.dirname(document), target.split('#')[0] ?? ''));
        if (!shipped.has(path)) broken.push(`${document} → ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });
});

describe('the server kit from the installed tarball', () => {
  let cjs: Project;
  let esm: Project;
  before(async () => {
    cjs = await projectWith(tarball);
    esm = await projectWith(tarball, { type: 'module', dependencies: { typescript: '^7.0.2', '@types/node': '^20.19.0' } });
  });
  after(async () => {
    await cjs?.dispose();
    await esm?.dispose();
  });

  it('loads with require() in a default (CommonJS) project', async () => {
    const script = `const kit = require('paynet-checkout/server'); console.log(typeof kit.createPaynetCheckoutBackend, typeof kit.toNodeListener, typeof kit.MemorySessionStore);`;
    const { stdout } = await cjs.exec(process.execPath, ['-e', script]);
    assert.equal(stdout.trim(), 'function function function');
  });

  it('loads with import in an ES module project, and the element entry imports in plain Node without a DOM', async () => {
    const script = `const kit = await import('paynet-checkout/server'); const element = await import('paynet-checkout'); console.log(typeof kit.createPaynetCheckoutBackend, element.TAG_NAME);`;
    const { stdout } = await esm.exec(process.execPath, ['--input-type=module', '-e', script]);
    assert.equal(stdout.trim(), 'function paynet-checkout');
  });

  it('type-checks in a strict TypeScript project without ioredis, pg or PGlite installed (skipLibCheck off)', async () => {
    const source = [
      `import { createPaynetCheckoutBackend, MemorySessionStore, RedisSessionStore, openPostgresStore, openPgliteStore, toNodeListener, type PaynetCheckoutBackend } from 'paynet-checkout/server';`,
      `import { createServer } from 'node:http';`,
      `const backend: PaynetCheckoutBackend = createPaynetCheckoutBackend({`,
      `  paynet: { baseUrl: 'http://127.0.0.1:1', secretKey: 'sck_x', agentId: '1', userId: '1' },`,
      `  store: new MemorySessionStore(),`,
      `  resolveOrder: async (body) => ({ amount: body.amount, instalment: body.instalment }),`,
      `});`,
      `createServer(toNodeListener(backend.handle));`,
      `export const stores = [RedisSessionStore, openPostgresStore, openPgliteStore];`,
    ].join('\n');
    await esm.exec('node', ['-e', `require('node:fs').writeFileSync('check.ts', ${JSON.stringify(source)})`]);
    const tsconfig = { compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: false, types: ['node'] }, files: ['check.ts'] };
    await esm.exec('node', ['-e', `require('node:fs').writeFileSync('tsconfig.json', ${JSON.stringify(JSON.stringify(tsconfig))})`]);
    await esm.exec(join(esm.dir, 'node_modules/.bin/tsc'), ['-p', '.']);
  });
});
