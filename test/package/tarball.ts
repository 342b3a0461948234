/**
 * The package as npm would publish it: built, packed with `npm pack`, and installed into a
 * throwaway project the way a user installs it (a real tarball install, not a link). Shared
 * by the package tests (contents, CommonJS/ESM entry points, types).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface PackedFile {
  path: string;
  size: number;
}

export interface Tarball {
  /** Absolute path of the .tgz. */
  file: string;
  files: PackedFile[];
  /** Bytes of the .tgz. */
  size: number;
  unpackedSize: number;
  /** Removes the directory the tarball was packed into. */
  dispose(): Promise<void>;
}

let built: Promise<void> | undefined;

/** `npm run build` once per test process. */
export function buildOnce(): Promise<void> {
  built ??= run(NPM, ['run', '-s', 'build'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).then(() => undefined);
  return built;
}

export async function packTarball(): Promise<Tarball> {
  await buildOnce();
  const dir = await mkdtemp(join(tmpdir(), 'paynet-pack-'));
  const { stdout } = await run(NPM, ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  const [info] = JSON.parse(stdout) as Array<{ filename: string; files: PackedFile[]; size: number; unpackedSize: number }>;
  if (info === undefined) throw new Error('npm pack printed no result');
  return {
    file: join(dir, info.filename),
    files: info.files.map(({ path, size }) => ({ path, size })),
    size: info.size,
    unpackedSize: info.unpackedSize,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface Project {
  dir: string;
  /** Runs a command in the project; rejects with its output when it exits non-zero. */
  exec(command: string, args: string[], options?: { env?: NodeJS.ProcessEnv }): Promise<{ stdout: string; stderr: string }>;
  dispose(): Promise<void>;
}

/**
 * A new project (`npm init -y`'s shape: CommonJS unless `type` says otherwise) with the tarball
 * and the given registry packages installed by npm.
 */
export async function projectWith(tarball: Tarball, options: { type?: 'module' | 'commonjs'; dependencies?: Record<string, string> } = {}): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), 'paynet-user-'));
  const manifest = {
    name: 'user-project',
    version: '1.0.0',
    private: true,
    ...(options.type === 'module' ? { type: 'module' } : {}),
  };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const specs = [tarball.file, ...Object.entries(options.dependencies ?? {}).map(([name, range]) => `${name}@${range}`)];
  await run(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...specs], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
  return {
    dir,
    async exec(command, args, execOptions = {}) {
      try {
        return await run(command, args, { cwd: dir, env: { ...process.env, ...execOptions.env }, maxBuffer: 64 * 1024 * 1024 });
      } catch (error) {
        const failed = error as { stdout?: string; stderr?: string; message: string };
        throw new Error(`${command} ${args.join(' ')} failed:\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
      }
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
