/**
 * Real services for the Node tests and the fault campaign, started on loopback ports in temp
 * directories and stopped afterwards: Debian's redis-server and PostgreSQL. CI installs both
 * (.ci/run); a missing one is an error, never a silent skip.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A redis-server with no persistence (tests), on a free loopback port (or `port`). */
export async function startRedis(extraArgs: readonly string[] = [], port?: number): Promise<RedisServer> {
  const binary = findRedisServer();
  port ??= await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'paynet-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${log.slice(-500)}`)));
  });
  return {
    port,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGCONT');
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function findRedisServer(): string {
  for (const candidate of ['/usr/bin/redis-server', 'redis-server']) {
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  throw new Error('redis-server is not installed: these tests need it (apt-get install redis-server)');
}

export interface PostgresCluster {
  port: number;
  connectionString: string;
  stop(): void;
}

/**
 * A throwaway PostgreSQL cluster in a temp directory, on a loopback port. PostgreSQL refuses
 * to run as root: as root, the directory goes to the `postgres` user and the tools run as it.
 */
export async function startPostgres(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'paynet-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (uid.status !== 0) throw new Error('running as root and there is no postgres user to run PostgreSQL as');
    chownSync(dir, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
  }
  const run = (args: string[]): SpawnSyncReturns<string> =>
    asRoot
      ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', args.map(shellQuote).join(' ')], { encoding: 'utf8', timeout: 120_000 })
      : spawnSync(args[0]!, args.slice(1), { encoding: 'utf8', timeout: 120_000 });
  const check = (what: string, result: SpawnSyncReturns<string>): void => {
    if (result.status !== 0) throw new Error(`${what} failed (${result.status}): ${result.stderr}${result.stdout}`.slice(0, 2_000));
  };
  const data = join(dir, 'data');
  check('initdb', run([join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync']));
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  check('pg_ctl start', run([join(bin, 'pg_ctl'), '-D', data, '-l', join(dir, 'log'), '-o', serverOptions, '-w', '-t', '60', 'start']));
  return {
    port,
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      run([join(bin, 'pg_ctl'), '-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(root, versions[0], 'bin');
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0 && existsSync(join(pgConfig.stdout.trim(), 'initdb'))) return pgConfig.stdout.trim();
  throw new Error('PostgreSQL is not installed: these tests need its initdb and pg_ctl (apt-get install postgresql)');
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
