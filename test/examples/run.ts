/**
 * The example apps (examples/), tested from the package as npm publishes it: builds and packs
 * the repository, installs the examples workspace once (again only when the lockfile, a
 * manifest or the tarball changed), builds each example with its own toolchain and strict
 * type-check, and pays through each in headless Chromium against the Paynet simulator.
 *
 *   node --import tsx test/examples/run.ts                  every example
 *   node --import tsx test/examples/run.ts react vue        only these (the Express server is built for them)
 *   node --import tsx test/examples/run.ts --install        build, pack and install only
 *   node --import tsx test/examples/run.ts --reuse-tarball  skip the root build and pack (examples/.pack has one)
 *
 * Prints a table (build and pay times, JavaScript sizes) and ends with `examples: N passed, N
 * failed`; exits non-zero if any example failed, naming it and the step.
 */
import { existsSync, rmSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_OPTIONS, startSimulator, type Simulator } from '../../simulator/index.js';
import { launchChromium } from '../e2e/browser.js';
import { freePort } from '../support/services.js';
import { payOnPage, type PagePayment } from './pay.js';
import { killServersNow, NPM, runLogged, startServer, StepError, type RunningServer } from './processes.js';
import { jsBytesGzip, viteBaselineBytesGzip } from './sizes.js';
import { buildAndPack, EXAMPLES_DIR, installWorkspace, listWorkspaces, LOG_DIR, PACK_DIR, readExample, TARBALL, type Example } from './workspace.js';

/** The workspace that is the shop's server: it serves every `"serve": "static"` example. */
const SERVER = 'express';
/** `npm run start` of a framework's own server (Next.js) may compile on first request. */
const SERVER_READY_WITHIN_MS = 120_000;

interface Row {
  name: string;
  buildSeconds?: number;
  distJsGzip?: number;
  baselineJsGzip?: number;
  pages: PagePayment[];
  note?: string;
  error?: string;
}

const args = process.argv.slice(2);
const flags = new Set(args.filter((arg) => arg.startsWith('--')));
const only = args.filter((arg) => !arg.startsWith('--'));
for (const flag of flags) if (!['--install', '--reuse-tarball'].includes(flag)) throw new Error(`unknown option ${flag}`);

const failed = await withLock(main);
process.exit(failed > 0 ? 1 : 0);

async function main(): Promise<number> {
  const started = performance.now();
  await rm(LOG_DIR, { recursive: true, force: true });
  try {
    if (flags.has('--reuse-tarball') && existsSync(TARBALL)) {
      console.log('pack: reusing examples/.pack/paynet-checkout.tgz');
    } else {
      const packed = await stage('pack (npm run build, npm pack)', buildAndPack);
      console.log(`pack: npm run build + npm pack ${packed.seconds.toFixed(1)} s, ${kb(packed.bytes)} tarball`);
    }
    const installed = await stage('install', installWorkspace);
    console.log(`install: ${installed.how} ${installed.seconds.toFixed(1)} s`);
    for (const note of installed.notes) console.log(`  note: ${note}`);
  } catch (error) {
    // Nothing can be built without the package: every example fails here.
    console.log(`\n${message(error).split('\n').slice(0, 60).join('\n')}`);
    console.log('examples: 0 passed, 1 failed');
    return 1;
  }
  if (flags.has('--install')) return 0;

  const workspaces = await listWorkspaces();
  const unknown = only.filter((name) => !workspaces.includes(name));
  if (unknown.length > 0) throw new Error(`no example ${unknown.join(', ')} (there are: ${workspaces.join(', ')})`);
  const names = workspaces.filter((name) => name !== SERVER && (only.length === 0 || only.includes(name)));

  const rows: Row[] = [];
  const server: Row = { name: SERVER, pages: [] };
  rows.push(server);
  try {
    server.buildSeconds = (await runLogged(LOG_DIR, `${SERVER}-build`, NPM, ['run', 'build', '-w', SERVER], { cwd: EXAMPLES_DIR })).seconds;
  } catch (error) {
    server.error = `build: ${message(error)}`;
  }

  const sim = await startSimulator({ port: 0 });
  const browser = await launchChromium();
  try {
    for (const name of names) {
      const row: Row = { name, pages: [] };
      rows.push(row);
      console.log(`${name}: …`);
      await testExample(row, sim, browser, server).catch((error: unknown) => {
        row.error = message(error);
      });
      console.log(`${name}: ${row.error === undefined ? 'paid' : 'FAILED'}`);
    }
  } finally {
    await browser.close();
    await sim.close();
  }
  const served = rows.filter((row) => row.note === `served by ${SERVER}`).map((row) => row.name);
  if (server.error === undefined) server.note = served.length > 0 ? `the server of ${served.join(', ')}` : 'built';

  printTable(rows);
  const failures = rows.filter((row) => row.error !== undefined);
  for (const row of failures) console.log(`\n${row.name} FAILED — ${row.error}`);
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s; logs in examples/.pack/logs`);
  console.log(`examples: ${rows.length - failures.length} passed, ${failures.length} failed`);
  return failures.length;
}

async function testExample(row: Row, sim: Simulator, browser: Awaited<ReturnType<typeof launchChromium>>, server: Row): Promise<void> {
  const example = await stage('example.json', () => readExample(row.name));
  row.buildSeconds = (await stage('build', () => runLogged(LOG_DIR, `${row.name}-build`, NPM, ['run', 'build', '-w', row.name], { cwd: EXAMPLES_DIR }))).seconds;
  await stage('sizes', async () => {
    row.distJsGzip = example.spec.assets === undefined ? undefined : await jsBytesGzip(join(example.dir, example.spec.assets));
    row.baselineJsGzip = await viteBaselineBytesGzip(example);
  });
  if (example.spec.serve === 'static' && server.error !== undefined) throw new StepError(`serve: the ${SERVER} server did not build`);
  const running = await stage('serve', () => serve(example, sim));
  try {
    for (const path of example.spec.paths) row.pages.push(await stage(`pay on ${path}`, () => payOnPage(browser, running.url, path, sim, example.spec.instalments)));
  } finally {
    await running.stop();
  }
  row.note = example.spec.serve === 'static' ? `served by ${SERVER}` : `own server (npm run ${example.spec.script})`;
}

/** Starts the example's server: the Express shop on its built folder, or its own `npm run <script>`. */
async function serve(example: Example, sim: Simulator): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PAYNET_BASE_URL: sim.url,
    // The simulator's documented demo credentials (docs/paynet-simulator.md, "Starting it").
    PAYNET_SECRET_KEY: DEFAULT_OPTIONS.secretKey,
    PAYNET_AGENT_ID: DEFAULT_OPTIONS.agentId,
    PAYNET_USER_ID: DEFAULT_OPTIONS.userId,
  };
  const options = { cwd: EXAMPLES_DIR, url: `${url}/`, readyWithinMs: SERVER_READY_WITHIN_MS };
  return example.spec.serve === 'static'
    ? startServer(LOG_DIR, `${example.name}-server`, NPM, ['run', 'start', '-w', SERVER], { ...options, env: { ...env, STATIC_DIR: join(example.dir, example.spec.dir) } })
    : startServer(LOG_DIR, `${example.name}-server`, NPM, ['run', example.spec.script, '-w', example.name], { ...options, env });
}

async function stage<T>(name: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new StepError(`${name}: ${message(error)}`);
  }
}

function message(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // A failed execFile (the root build) says what it printed on stdout (tsc's errors) only here.
  const { stdout } = error as Error & { stdout?: unknown };
  const printed = typeof stdout === 'string' && stdout.trim() !== '' ? `\n${stdout.trimEnd().split('\n').slice(-40).join('\n')}` : '';
  return `${error.message}${printed}`;
}

function kb(bytes: number | undefined): string {
  return bytes === undefined ? '—' : `${(bytes / 1000).toFixed(1)} kB`;
}

function printTable(rows: readonly Row[]): void {
  const header = ['example', 'build', 'JS gzip', 'without element', 'element adds', 'page JS gzip', 'pay', 'result'];
  const lines = rows.map((row) => [
    row.name,
    row.buildSeconds === undefined ? '—' : `${row.buildSeconds.toFixed(1)} s`,
    kb(row.distJsGzip),
    kb(row.baselineJsGzip),
    row.distJsGzip === undefined || row.baselineJsGzip === undefined ? '—' : kb(row.distJsGzip - row.baselineJsGzip),
    row.pages.length === 0 ? '—' : row.pages.map((page) => kb(page.pageJsGzip)).join(', '),
    row.pages.length === 0 ? '—' : row.pages.map((page) => `${page.path} ${page.seconds.toFixed(1)} s`).join(', '),
    row.error === undefined ? `ok${row.note === undefined ? '' : ` (${row.note})`}` : 'FAILED',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  console.log('');
  for (const line of [header, ...lines]) console.log(line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}

/** One run at a time in this checkout (they share examples/node_modules and the tarball). */
async function withLock<T>(run: () => Promise<T>): Promise<T> {
  await mkdir(PACK_DIR, { recursive: true });
  const lock = join(PACK_DIR, 'run.lock');
  let told = false;
  for (;;) {
    try {
      await writeFile(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(await readFile(lock, 'utf8').catch(() => ''));
    if (owner > 0 && !isAlive(owner)) {
      await rm(lock, { force: true });
      continue;
    }
    if (!told) console.log(`waiting for another run of the examples (pid ${owner || '?'}) to finish…`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  const interrupted = (code: number) => (): void => {
    killServersNow();
    rmSync(lock, { force: true });
    process.exit(code);
  };
  process.once('SIGINT', interrupted(130));
  process.once('SIGTERM', interrupted(143));
  try {
    return await run();
  } finally {
    await rm(lock, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
