/**
 * Commands and servers of the example harness: every command's output goes to a log file
 * under examples/.pack/logs (its tail is what a failure reports), and a server runs in a
 * process group of its own so that `npm run start` and whatever it starts stop together.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** A step that failed, with the log that says why. */
export class StepError extends Error {
  override name = 'StepError';
  constructor(
    message: string,
    /** The full log of the command that failed, if a command did. */
    readonly log?: string,
  ) {
    super(message);
  }
}

export interface Logged {
  /** Seconds the command took. */
  seconds: number;
  log: string;
}

export async function logTail(log: string, lines = 40): Promise<string> {
  const text = await readFile(log, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Runs a command to its end; rejects with a StepError carrying the log's tail on a non-zero exit. */
export async function runLogged(logDir: string, logName: string, command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Logged> {
  await mkdir(logDir, { recursive: true });
  const log = join(logDir, `${logName}.log`);
  const out = createWriteStream(log);
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  });
  await new Promise<void>((resolve) => out.end(resolve));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new StepError(`\`${command} ${args.join(' ')}\` exited with ${code} (log: ${log})\n${await logTail(log)}`, log);
  return { seconds, log };
}

export interface RunningServer {
  url: string;
  log: string;
  stop(): Promise<void>;
}

/**
 * Starts a server command in its own process group and waits until `GET url` answers
 * (any status below 500), failing early with the log's tail if the command exits first.
 */
export async function startServer(
  logDir: string,
  logName: string,
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; url: string; readyWithinMs: number },
): Promise<RunningServer> {
  await mkdir(logDir, { recursive: true });
  const log = join(logDir, `${logName}.log`);
  const out = createWriteStream(log);
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  if (child.pid !== undefined) groups.add(child.pid);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  const stop = async (): Promise<void> => {
    if (!exited && child.pid !== undefined) {
      // The whole group this harness started: npm, and the server it runs.
      signalGroup(child.pid, 'SIGTERM');
      const forced = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), 10_000);
      await exit;
      clearTimeout(forced);
    }
    // A server whose npm wrapper exited may leave the rest of its group behind.
    if (child.pid !== undefined) {
      signalGroup(child.pid, 'SIGKILL');
      groups.delete(child.pid);
    }
  };

  const deadline = Date.now() + options.readyWithinMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new StepError(`\`${command} ${args.join(' ')}\` exited before it answered ${options.url} (log: ${log})\n${await logTail(log)}`);
    }
    const status = await fetch(options.url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' }).then(
      (response) => response.status,
      () => undefined,
    );
    if (status !== undefined && status < 500) break;
    if (Date.now() > deadline) {
      await stop();
      throw new StepError(`${options.url} did not answer within ${options.readyWithinMs / 1000} s (last: ${status ?? 'no connection'}; log: ${log})\n${await logTail(log)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url: options.url, log, stop };
}

/** Process groups of the servers started here and not yet stopped. */
const groups = new Set<number>();

/** Ends every server this process started, at once (the harness is being interrupted). */
export function killServersNow(): void {
  for (const pid of groups) signalGroup(pid, 'SIGKILL');
  groups.clear();
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
