/**
 * `npm run bench`: runs the sections listed in bench/sections.ts, prints their tables with the
 * time each took, and appends each section's figures to its series, `bench/results/<name>.json`
 * (committed, so the figures read as a series as the work grows). Nothing here asserts a
 * timing: timings depend on the machine and its load, which each record notes.
 *
 *   npm run bench                       every section, tables, recorded
 *   npm run bench -- --only=bundle,tti  some sections (repeatable)
 *   npm run bench -- --no-record        leave bench/results/ alone
 *   npm run bench -- --json             one JSON object (the records) instead of tables
 *   npm run bench -- --seconds=10       length of each backend run (default 5)
 *   npm run bench -- --help             the sections
 * Sections read their own flags too (tti: `--loads=N`).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SECTIONS, type Section, type SectionOptions } from './sections.js';
import { renderTable } from './table.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_DIR = join(ROOT, 'bench', 'results');

/** One point of a section's series, as written to bench/results/<section>.json. */
export interface BenchRecord {
  date: string;
  commit: string;
  machine: Machine;
  environment?: Record<string, string | number>;
  elapsedSeconds: number;
  figures: unknown;
}

interface Machine {
  node: string;
  cpus: number;
  cpuModel: string;
  /** Figures from a busy machine read low: the 1-minute load when the section started says how busy it was. */
  loadAverage1m: number;
}

// Not strict: the flags a section reads for itself (`--loads=20`) pass through to it.
const { values } = parseArgs({
  strict: false,
  options: {
    json: { type: 'boolean', default: false },
    'no-record': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
  },
});
if (values.help === true) usage();
const only = [values.only ?? []].flat().flatMap((s) => String(s).split(',')).filter((s) => s !== '');
for (const name of only) if (!SECTIONS.some((s) => s.name === name)) usage(`unknown section "${name}"`);
const chosen = SECTIONS.filter((s) => only.length === 0 || only.includes(s.name));
const json = values.json === true;
const record = values['no-record'] !== true;

const options: SectionOptions = {
  seconds: positive(values.seconds, '--seconds'),
  connections: positive(values.connections, '--connections'),
  flags: values,
  log: (line) => {
    if (!json) process.stderr.write(`  … ${line}\n`);
  },
};

const commit = gitCommit();
const started = performance.now();
if (!json) console.log(`paynet-checkout bench: ${commit}, node ${process.version}, ${availableParallelism()} CPUs (${cpuModel()}), load ${load()}\n`);

const records: Record<string, BenchRecord> = {};
const failed: string[] = [];
for (const section of chosen) {
  const result = await runSection(section);
  if (result === undefined) continue;
  records[section.name] = result;
  if (record) await append(section.name, result);
}

if (json) console.log(JSON.stringify(records, null, 2));
else {
  const where = record && Object.keys(records).length > 0 ? `; recorded to bench/results/{${Object.keys(records).join(',')}}.json` : '';
  console.log(`done in ${seconds(performance.now() - started)} s${where}`);
}
if (failed.length > 0) {
  console.error(`bench: ${failed.join(', ')} failed`);
  process.exitCode = 1;
}

async function runSection(section: Section): Promise<BenchRecord | undefined> {
  const machine: Machine = { node: process.version, cpus: availableParallelism(), cpuModel: cpuModel(), loadAverage1m: load() };
  const date = new Date().toISOString();
  const t0 = performance.now();
  try {
    const result = await section.run(options);
    const elapsedSeconds = Number(seconds(performance.now() - t0));
    if (!json) {
      for (const table of result.tables) console.log(`${renderTable(table)}\n`);
      console.log(`[${section.name}: ${elapsedSeconds.toFixed(1)} s]\n`);
    }
    return { date, commit, machine, ...(result.environment ? { environment: result.environment } : {}), elapsedSeconds, figures: result.figures };
  } catch (error) {
    // One broken section does not lose the others' figures.
    failed.push(section.name);
    console.error(`bench: section ${section.name} failed after ${seconds(performance.now() - t0)} s:`, error);
    return undefined;
  }
}

async function append(name: string, entry: BenchRecord): Promise<void> {
  const file = join(RESULTS_DIR, `${name}.json`);
  let series: unknown[] = [];
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (Array.isArray(parsed)) series = parsed;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  series.push(entry);
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(file, `${JSON.stringify(series, null, 2)}\n`);
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function cpuModel(): string {
  return cpus()[0]?.model.trim() ?? 'unknown';
}

function load(): number {
  return Number(loadavg()[0]?.toFixed(2));
}

function seconds(ms: number): string {
  return (ms / 1_000).toFixed(1);
}

function positive(text: unknown, name: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) usage(`${name} must be a positive number`);
  return value;
}

function usage(problem?: string): never {
  const lines = [
    'usage: npm run bench -- [--only=SECTION[,SECTION]] [--no-record] [--json] [--seconds=N] [--connections=N]',
    'sections:',
    ...SECTIONS.map((s) => `  ${s.name.padEnd(14)} ${s.title}`),
  ];
  if (problem === undefined) {
    console.log(lines.join('\n'));
    process.exit(0);
  }
  console.error(`bench: ${problem}\n${lines.join('\n')}`);
  process.exit(2);
}
