/**
 * What importing `paynet-checkout/server` costs and needs. From the source: the entry loads no
 * browser dependency (lit, @lit/*, lean-qr) and none of the optional peers (ioredis, pg,
 * PGlite) at import time, seen by a resolve hook. From the built kit installed alone in an
 * empty project (with this package.json's exports): server/README.md's CommonJS `require` and
 * its ES module `import` both serve a sale over real HTTP against the simulator.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/services.js';
import { sellThrough, simulatorForSuite } from './framework-flow.js';
import { eventually, SIM_AGENT_ID, SIM_SECRET_KEY, SIM_USER_ID } from './helpers.js';
import { readmeBlock, testedRegion } from './readme-code.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/server/kit-entry');
const NOT_AT_IMPORT = /\/node_modules\/(lit|@lit\/[^/]+|lit-html|lit-element|lean-qr|ioredis|pg|@electric-sql\/pglite)\//;

/** The package directories (`lit`, `@lit/react`) among resolved URLs. */
function packagesIn(urls: string[]): Set<string> {
  const names = urls.map((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]).filter((name) => name !== undefined);
  return new Set(names);
}

describe('the kit entry', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'paynet-kit-entry-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Every URL node resolves while importing `entry` from the source (through tsx). */
  function resolvedWhileImporting(entry: string, name: string): string[] {
    const log = join(dir, `${name}.log`);
    writeFileSync(log, '');
    const register = join(dir, `${name}-register.mjs`);
    writeFileSync(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(FIXTURES, 'resolve-hook.mjs')).href)}, { data: { file: ${JSON.stringify(log)} } });\n`,
    );
    spawnSync(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(register).href, '--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(join(ROOT, entry)).href)});`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return readFileSync(log, 'utf8').split('\n').filter(Boolean);
  }

  it('loads no browser dependency and no optional peer when imported', () => {
    const urls = resolvedWhileImporting('server/index.ts', 'kit');
    assert.ok(urls.some((url) => url.endsWith('/server/backend.ts')), 'the hook saw the kit load');
    const loaded = urls.filter((url) => NOT_AT_IMPORT.test(url));
    assert.deepEqual(loaded, [], `the kit entry loaded ${[...packagesIn(loaded)].join(', ')}`);
  });

  it('(the same hook does see lit when the element is imported)', () => {
    assert.ok(packagesIn(resolvedWhileImporting('src/index.ts', 'element')).has('lit'));
  });

  describe('built and installed alone', () => {
    const simulator = simulatorForSuite();
    let project: string;
    before(() => {
      project = join(dir, 'shop');
      const installed = join(project, 'node_modules/paynet-checkout');
      mkdirSync(installed, { recursive: true });
      const built = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(ROOT, 'tsconfig.server-build.json'), '--outDir', join(installed, 'dist'), '--declarationDir', join(installed, 'dist/types'), '--sourceMap', 'false'], {
        encoding: 'utf8',
      });
      assert.equal(built.status, 0, built.stdout + built.stderr);
      copyFileSync(join(ROOT, 'package.json'), join(installed, 'package.json'));
      for (const file of ['server.cjs', 'server.mjs']) copyFileSync(join(FIXTURES, file), join(project, file));
    });

    it('has nothing else to load from: no lit, no ioredis, no pg installed there', () => {
      const fromShop = createRequire(join(project, 'server.cjs'));
      assert.ok(fromShop.resolve('paynet-checkout/server').startsWith(project));
      for (const name of ['lit', 'lean-qr', 'ioredis', 'pg', '@electric-sql/pglite']) assert.throws(() => fromShop.resolve(name), /Cannot find module/, name);
    });

    for (const [file, region] of [
      ['server.cjs', 'cjs'],
      ['server.mjs', 'esm'],
    ] as const) {
      it(`serves a sale from server/README.md's ${region === 'cjs' ? "require('paynet-checkout/server')" : "import … from 'paynet-checkout/server'"}`, async () => {
        assert.equal(readmeBlock(`test/server/kit-entry/${file}`, region), testedRegion(`test/server/kit-entry/${file}`, region));
        const port = await freePort();
        let output = '';
        const child: ChildProcess = spawn(process.execPath, [file], {
          cwd: project,
          env: { PATH: process.env.PATH, PORT: String(port), PAYNET_BASE_URL: simulator.sim.url, PAYNET_SECRET_KEY: SIM_SECRET_KEY, PAYNET_AGENT_ID: SIM_AGENT_ID, PAYNET_USER_ID: SIM_USER_ID },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        try {
          const origin = `http://127.0.0.1:${port}`;
          await eventually(
            async () => {
              if (child.exitCode !== null) throw new Error(`${file} exited with ${child.exitCode}: ${output}`);
              return fetch(`${origin}/api/paynet/devices`).then(
                () => true,
                () => undefined,
              );
            },
            `${file} to listen`,
            15_000,
          );
          await sellThrough(origin, simulator.control, 'json');
        } finally {
          child.kill();
          await exited;
        }
      });
    }
  });
});
