/**
 * The kit's published types stand on their own. At the type level (compiled by
 * `npm run typecheck`): the real clients of the optional peers fit the structural interfaces
 * the stores take. At run time: the declarations the build emits compile in a strict
 * TypeScript project that has @types/node and none of ioredis, pg, @electric-sql/pglite or
 * @types/express installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { PGlite } from '@electric-sql/pglite';
import type { Express } from 'express';
import type { Cluster, Redis } from 'ioredis';
import type { Client, Pool, PoolClient } from 'pg';
import type { PaynetExpressMiddleware, PgQueryable, RedisLike, SqlClient } from '../../server/index.js';

/** Compiles only when `Actual` is assignable to `Expected`. */
type Fits<Actual extends Expected, Expected> = [Actual, Expected];

export type StoreClientsFit = [
  Fits<Redis, RedisLike>,
  Fits<Cluster, RedisLike>,
  Fits<Pool, PgQueryable>,
  Fits<Client, PgQueryable>,
  Fits<PoolClient, PgQueryable>,
  Fits<PGlite, SqlClient>,
];

/** `app.use` and `app.all` take the middleware as it is, with no cast. */
export function expressTakesTheMiddleware(app: Express, middleware: PaynetExpressMiddleware): void {
  app.use('/api/paynet', middleware);
  app.all('/api/paynet/*splat', middleware);
  app.use(middleware);
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules/.bin/tsc');

/** A consumer of every export that touches an optional peer or a framework, written as a shop would. */
const CONSUMER = `
import {
  createPaynetCheckoutBackend,
  openPgliteStore,
  openPostgresStore,
  paynetExpress,
  RedisSessionStore,
  toNodeListener,
  type PaynetExpressMiddleware,
  type PgQueryable,
  type RedisLike,
} from './kit/server/index.js';

export async function shop(redis: RedisLike, pool: PgQueryable): Promise<PaynetExpressMiddleware> {
  const backend = createPaynetCheckoutBackend({
    paynet: { secretKey: 'k', agentId: 'a', userId: 'u', baseUrl: 'https://paynet.invalid' },
    store: new RedisSessionStore({ redis, durabilityCheck: false }),
  });
  await openPostgresStore({ pool });
  await openPostgresStore({ connectionString: 'postgres://localhost/shop' });
  await openPgliteStore({ dataDir: 'memory://' });
  void toNodeListener(backend.handle);
  return paynetExpress(backend, { basePath: '/api/paynet' });
}
`;

function tsconfig(files: string[]): string {
  return JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2022'],
      types: ['node'],
      strict: true,
      noEmit: true,
      // The point of the test: the kit's .d.ts files are checked, not skipped.
      skipLibCheck: false,
    },
    files,
  });
}

describe('the kit’s published declarations', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'paynet-kit-types-'));
    const built = spawnSync(TSC, ['-p', join(ROOT, 'tsconfig.server-build.json'), '--emitDeclarationOnly', '--declarationDir', join(dir, 'kit')], { encoding: 'utf8' });
    assert.equal(built.status, 0, built.stdout + built.stderr);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    // The project has @types/node (a server project), and nothing else.
    mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules/@types/node'), join(dir, 'node_modules/@types/node'), 'dir');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function compile(source: string): { status: number | null; output: string } {
    writeFileSync(join(dir, 'consumer.ts'), source);
    writeFileSync(join(dir, 'tsconfig.json'), tsconfig(['consumer.ts']));
    const result = spawnSync(TSC, ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', cwd: dir });
    return { status: result.status, output: result.stdout + result.stderr };
  }

  it('compile in a strict project without ioredis, pg, PGlite or @types/express', () => {
    const result = compile(CONSUMER);
    assert.equal(result.status, 0, result.output);
  });

  it('are checked in a project that really lacks the peers (an import of one fails there)', () => {
    const peers = ['ioredis', 'pg', '@electric-sql/pglite', 'express'];
    const result = compile(CONSUMER + peers.map((peer, i) => `import type * as Peer${i} from '${peer}';\nexport type P${i} = typeof Peer${i};\n`).join(''));
    assert.notEqual(result.status, 0);
    for (const peer of peers) assert.ok(result.output.includes(`Cannot find module '${peer}'`), `${peer}: ${result.output}`);
  });
});
