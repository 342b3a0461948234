/**
 * `npm run bench`: bundle sizes, backend HTTP throughput, pure code speed. Prints figures
 * only; nothing here asserts a timing, since timings depend on the machine and its load.
 *
 *   npm run bench                     tables
 *   npm run bench -- --json           one JSON object instead
 *   npm run bench -- --only=http      one section (bundle, http, code); repeatable
 *   npm run bench -- --seconds=10     length of each backend run (default 5)
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { measureBundles, type BundleSize } from './bundle-size.js';
import { measureCodeSpeed } from './code-speed.js';
import { measureHttp, type HttpFigures, type HttpReport } from './http-throughput.js';
import { renderTable, type Table } from './table.js';
import type { LoopResult } from './timed-loop.js';

const SECTIONS = ['bundle', 'http', 'code'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
  },
});
const only = (values.only ?? []).flatMap((s) => s.split(','));
for (const name of only) if (!(SECTIONS as readonly string[]).includes(name)) usage(`unknown section "${name}"`);
const wanted = (section: Section): boolean => only.length === 0 || only.includes(section);
const seconds = positive(values.seconds, '--seconds');
const connections = positive(values.connections, '--connections');

const report: { machine: Record<string, unknown>; bundle?: BundleSize[]; http?: HttpReport; code?: LoopResult[] } = {
  machine: {
    node: process.version,
    cpus: availableParallelism(),
    // Figures from a busy machine read low: the load at the start says how busy it was.
    loadAverage1m: Number(loadavg()[0]?.toFixed(2)),
  },
};
const print = (table: Table): void => {
  if (!values.json) console.log(`${renderTable(table)}\n`);
};
const started = performance.now();
if (!values.json) console.log(`paynet-checkout bench: node ${process.version}, ${availableParallelism()} CPUs, load ${report.machine.loadAverage1m}\n`);

if (wanted('bundle')) {
  report.bundle = await measureBundles();
  print(bundleTable(report.bundle));
}
if (wanted('http')) {
  report.http = await measureHttp({ connections, seconds, simulatorSeconds: Math.min(seconds, 3) });
  print(httpTable(report.http));
}
if (wanted('code')) {
  report.code = measureCodeSpeed();
  print(codeTable(report.code));
}

if (values.json) console.log(JSON.stringify(report, null, 2));
else console.log(`done in ${((performance.now() - started) / 1_000).toFixed(1)} s`);

function bundleTable(sizes: BundleSize[]): Table {
  const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
  return {
    title: 'Bundle sizes (vite.config.ts builds, bytes)',
    columns: ['bundle', 'raw', 'gzip -9', 'brotli', 'brotli KiB'],
    rows: sizes.map((s) => [s.name, s.raw, s.gzip, s.brotli, kib(s.brotli)]),
    notes: ['The ES module leaves lit and lean-qr to the app bundler; the standalone IIFE carries them.'],
  };
}

function httpTable(http: HttpReport): Table {
  const row = (f: HttpFigures): Array<string | number> => [f.name, f.connections, f.requests, Math.round(f.reqPerSec), f.p50Ms, f.p99Ms, f.non2xx + f.errors];
  const { status } = http;
  // Refreshes start on the first poll, then at most one per interval.
  const bound = Math.floor((status.seconds * 1_000) / status.minIntervalMs) + 1;
  const notes = [
    `Paynet check_transaction calls during the status run: ${status.paynetCalls} for ${status.requests.toLocaleString('en-US')} polls ` +
      `(bound for ${status.seconds.toFixed(1)} s at one per ${status.minIntervalMs} ms: ${bound}).`,
    'Client, backend and simulator share one process and event loop: the figures are a floor.',
  ];
  if (http.backendErrors.length > 0) notes.push(`Backend reported ${http.backendErrors.length} errors, first: ${http.backendErrors[0]}`);
  return {
    title: 'Backend HTTP throughput (autocannon, loopback)',
    columns: ['route', 'conns', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'not 2xx'],
    rows: [row(status), row(http.create), row(http.simulator)],
    notes,
  };
}

function codeTable(results: LoopResult[]): Table {
  return {
    title: 'Pure code speed (Node, timed loop after warm-up)',
    columns: ['function', 'ops/s', 'µs/op', '± %', 'batches'],
    rows: results.map((r) => [r.name, Math.round(r.opsPerSec), r.nsPerOp / 1_000, r.rmePercent, r.samples]),
  };
}

function positive(text: string | undefined, name: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) usage(`${name} must be a positive number`);
  return value;
}

function usage(problem: string): never {
  console.error(`bench: ${problem}\nusage: npm run bench -- [--json] [--only=bundle|http|code] [--seconds=N] [--connections=N]`);
  process.exit(2);
}
