/**
 * The examples workspace (examples/package.json): which examples there are, how each is
 * served (its example.json), and one install of them all with the package as `npm pack`
 * makes it — see examples/README.md ("One workspace, one install") for why it is done so.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packTarball, ROOT } from '../package/tarball.js';
import { NPM, runLogged, StepError } from './processes.js';

const exec = promisify(execFile);

export const EXAMPLES_DIR = join(ROOT, 'examples');
export const PACK_DIR = join(EXAMPLES_DIR, '.pack');
export const LOG_DIR = join(PACK_DIR, 'logs');
/** Where every example's `file:../.pack/paynet-checkout.tgz` points. */
export const TARBALL = join(PACK_DIR, 'paynet-checkout.tgz');
const LOCKFILE = join(EXAMPLES_DIR, 'package-lock.json');
const NODE_MODULES = join(EXAMPLES_DIR, 'node_modules');
/** What the last install was made from; inside node_modules, so it goes when they go. */
const STAMP = join(NODE_MODULES, '.paynet-examples-install.json');
const PACKAGE = 'paynet-checkout';
export const TARBALL_SPEC = 'file:../.pack/paynet-checkout.tgz';

export type ServeSpec = (
  | { serve: 'static'; dir: string; paths: string[]; assets: string }
  | { serve: 'own'; script: string; paths: string[]; assets: string | undefined }
) & {
  /** The instalment choices the element must offer on each path (the page's `instalments` attribute, read by the element). */
  instalments: number[] | undefined;
};

export interface Example {
  name: string;
  dir: string;
  spec: ServeSpec;
}

/** The workspaces that exist, in examples/package.json's order (the Express server first: the others need it). */
export async function listWorkspaces(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(EXAMPLES_DIR, 'package.json'), 'utf8')) as { workspaces: string[] };
  return manifest.workspaces.filter((name) => existsSync(join(EXAMPLES_DIR, name, 'package.json')));
}

/** An example's example.json, checked against the contract in examples/README.md. */
export async function readExample(name: string): Promise<Example> {
  const dir = join(EXAMPLES_DIR, name);
  const file = join(dir, 'example.json');
  const raw = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  const paths = raw.paths ?? ['/'];
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((path) => typeof path === 'string' && path.startsWith('/'))) {
    throw new StepError(`${file}: "paths" must be a list of paths starting with /`);
  }
  const assets = typeof raw.assets === 'string' ? raw.assets : undefined;
  const instalments = raw.instalments;
  if (instalments !== undefined && !(Array.isArray(instalments) && instalments.every((count) => Number.isInteger(count)))) {
    throw new StepError(`${file}: "instalments" must be a list of whole numbers`);
  }
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string>; dependencies?: Record<string, string> };
  if (manifest.scripts?.build === undefined) throw new StepError(`${name}/package.json has no "build" script`);
  if (manifest.dependencies?.[PACKAGE] !== TARBALL_SPEC) {
    throw new StepError(`${name}/package.json must depend on "${PACKAGE}": "${TARBALL_SPEC}" (the packed tarball), not ${JSON.stringify(manifest.dependencies?.[PACKAGE])}`);
  }
  if (raw.serve === 'static' && typeof raw.dir === 'string') {
    return { name, dir, spec: { serve: 'static', dir: raw.dir, paths: paths as string[], assets: assets ?? raw.dir, instalments } };
  }
  if (raw.serve === 'own' && typeof raw.script === 'string') {
    if (manifest.scripts[raw.script] === undefined) throw new StepError(`${name}/package.json has no "${raw.script}" script (example.json's "script")`);
    return { name, dir, spec: { serve: 'own', script: raw.script, paths: paths as string[], assets, instalments } };
  }
  throw new StepError(`${file}: expected {"serve": "static", "dir": "…"} or {"serve": "own", "script": "…"}`);
}

export interface Packed {
  seconds: number;
  bytes: number;
}

/** `npm run build` at the root and `npm pack`, to examples/.pack/paynet-checkout.tgz. */
export async function buildAndPack(): Promise<Packed> {
  const started = performance.now();
  const tarball = await packTarball();
  try {
    await mkdir(PACK_DIR, { recursive: true });
    await copyFile(tarball.file, TARBALL);
  } finally {
    await tarball.dispose();
  }
  return { seconds: (performance.now() - started) / 1000, bytes: tarball.size };
}

export interface Installed {
  /** What was done: nothing, the tarball unpacked over the old one, or a whole install. */
  how: 'up to date' | 'tarball only' | 'npm ci' | 'npm install';
  seconds: number;
  /** Lines for the developer (a lockfile to commit). */
  notes: string[];
}

interface Stamp {
  lock: string;
  tarball: string;
}

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/**
 * Installs the workspace once and only again when something changed: the lockfile or a
 * package.json (npm ci), or only the tarball (unpacked over node_modules/paynet-checkout, as
 * npm would, when its dependencies are the ones the lockfile has).
 */
export async function installWorkspace(): Promise<Installed> {
  const started = performance.now();
  const notes: string[] = [];
  if (await sanitizeLockfile()) notes.push('examples/package-lock.json: removed the tarball\'s integrity and registry URLs (see examples/README.md); commit it');
  const tarball = sha256(await readFile(TARBALL));
  const stamp = (await readFile(STAMP, 'utf8').then(JSON.parse, () => undefined)) as Stamp | undefined;
  const lock = await lockHash();
  const seconds = (): number => (performance.now() - started) / 1000;

  if (stamp?.lock === lock && existsSync(NODE_MODULES)) {
    if (stamp.tarball === tarball) return { how: 'up to date', seconds: seconds(), notes };
    if (await tarballMatchesLockfile()) {
      await unpackTarball();
      await writeStamp({ lock, tarball });
      return { how: 'tarball only', seconds: seconds(), notes };
    }
  }

  // `npm ci` when the lockfile is in step with the manifests and the tarball; else `npm install`, which updates it.
  let how: 'npm ci' | 'npm install' = existsSync(LOCKFILE) && (await tarballMatchesLockfile()) ? 'npm ci' : 'npm install';
  if (how === 'npm ci') {
    try {
      await runLogged(LOG_DIR, 'install', NPM, ['ci', '--no-audit', '--no-fund'], { cwd: EXAMPLES_DIR });
    } catch (error) {
      const log = error instanceof StepError && error.log !== undefined ? await readFile(error.log, 'utf8') : '';
      if (!/can only install packages when your package\.json and package-lock\.json[^\n]* are in sync/u.test(log)) throw error;
      how = 'npm install';
    }
  }
  if (how === 'npm install') {
    // npm keeps a tarball's lockfile record (its dependencies) while the spec is the same: forgotten, it is read anew.
    await forgetPackage();
    await runLogged(LOG_DIR, 'install-update', NPM, ['install', '--no-audit', '--no-fund'], { cwd: EXAMPLES_DIR });
    await sanitizeLockfile();
    // npm install keeps an installed tarball it believes current.
    await unpackTarball();
    notes.push('examples/package-lock.json was out of date: `npm install` in examples/ updated it; commit it');
  }
  await writeStamp({ lock: await lockHash(), tarball });
  return { how, seconds: seconds(), notes };
}

async function writeStamp(stamp: Stamp): Promise<void> {
  await writeFile(STAMP, `${JSON.stringify(stamp)}\n`);
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The lockfile and every manifest it was made from. */
async function lockHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [LOCKFILE, join(EXAMPLES_DIR, 'package.json'), ...(await listWorkspaces()).map((name) => join(EXAMPLES_DIR, name, 'package.json'))]) {
    hash.update(file).update(await readFile(file).catch(() => Buffer.from('missing')));
  }
  return hash.digest('hex');
}

async function readLockfile(): Promise<{ packages: Record<string, LockEntry> }> {
  return JSON.parse(await readFile(LOCKFILE, 'utf8')) as { packages: Record<string, LockEntry> };
}

/** Where the lockfile installs the package: examples/node_modules/paynet-checkout, or nested copies. */
function packageEntries(packages: Record<string, LockEntry>): Array<[string, LockEntry]> {
  return Object.entries(packages).filter(([path, entry]) => (path === `node_modules/${PACKAGE}` || path.endsWith(`/node_modules/${PACKAGE}`)) && entry.resolved?.startsWith('file:'));
}

/**
 * The tarball's integrity changes with every build, and with it recorded `npm ci` installs the
 * earlier build from npm's cache: it is dropped. Registry URLs name whichever registry the
 * installing machine used: dropped too (the integrity stays).
 */
async function sanitizeLockfile(): Promise<boolean> {
  if (!existsSync(LOCKFILE)) return false;
  const text = await readFile(LOCKFILE, 'utf8');
  const lock = JSON.parse(text) as { packages: Record<string, LockEntry> };
  for (const [, entry] of packageEntries(lock.packages)) delete entry.integrity;
  for (const entry of Object.values(lock.packages)) if (entry.resolved !== undefined && /^https?:/u.test(entry.resolved)) delete entry.resolved;
  const cleaned = `${JSON.stringify(lock, null, 2)}\n`;
  if (cleaned === text) return false;
  await writeFile(LOCKFILE, cleaned);
  return true;
}

/** Drops the lockfile's records of the package, so that `npm install` reads the tarball's manifest again. */
async function forgetPackage(): Promise<void> {
  if (!existsSync(LOCKFILE)) return;
  const lock = await readLockfile();
  for (const [path] of packageEntries(lock.packages)) delete lock.packages[path];
  await writeFile(LOCKFILE, `${JSON.stringify(lock, null, 2)}\n`);
}

async function tarballManifest(): Promise<LockEntry> {
  const { stdout } = await exec('tar', ['-xzOf', TARBALL, 'package/package.json'], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as LockEntry;
}

/** Whether the lockfile's record of the package (version, dependencies) is the tarball's. */
async function tarballMatchesLockfile(): Promise<boolean> {
  const manifest = await tarballManifest();
  const entries = packageEntries((await readLockfile()).packages);
  const same = (a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean =>
    JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());
  return (
    entries.length > 0 &&
    entries.every(
      ([, entry]) =>
        entry.version === manifest.version &&
        same(entry.dependencies, manifest.dependencies) &&
        same(entry.optionalDependencies, manifest.optionalDependencies) &&
        same(entry.peerDependencies, manifest.peerDependencies),
    )
  );
}

/** What npm does with a tarball dependency: its `package/` folder becomes node_modules/paynet-checkout. */
async function unpackTarball(): Promise<void> {
  for (const [path] of packageEntries((await readLockfile()).packages)) {
    const target = join(EXAMPLES_DIR, path);
    await rm(target, { recursive: true, force: true });
    await mkdir(target, { recursive: true });
    await exec('tar', ['-xzf', TARBALL, '-C', target, '--strip-components=1']);
  }
}
