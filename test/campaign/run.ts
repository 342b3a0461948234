/**
 * The fault campaign: the kit over real HTTP against the Paynet simulator, on every store,
 * through every fault and every reading of Paynet's pages (matrix.ts), plus store outages and
 * a process killed mid-call (outages.ts). Prints one table per store and exits non-zero unless
 * every count that must be 0 is 0.
 *
 *   npm run test:campaign                      (CI: the matrix on memory, a cut of it on Redis,
 *                                               PGlite and PostgreSQL, every outage)
 *   npm run test:campaign -- --long            (the whole matrix on every store, 3 rounds)
 *   npm run test:campaign -- --stores memory --only card
 */
import { processKill, redisOutage, type OutageResult } from './outages.js';
import { scenarios } from './matrix.js';
import { runScenario, TIMING, type ScenarioResult, type ScenarioSpec } from './scenario.js';
import { openCampaignStore, STORE_NAMES, type StoreName } from './stores.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const long = args.includes('--long');
const stores = (flag('stores')?.split(',') ?? STORE_NAMES) as StoreName[];
const only = flag('only');
const rounds = Number(flag('rounds') ?? (long ? 3 : 1));
const concurrency = Number(flag('concurrency') ?? 6);

interface Row {
  group: string;
  scenarios: number;
  paynetTook: number;
  recordedSucceeded: number;
  needsReview: number;
  lost: number;
  stuck: number;
  duplicate: number;
  falseSuccess: number;
  toldFailed: number;
  slow: number;
  badInput5xx: number;
  slowestMs: number;
}

function tally(results: ScenarioResult[], group: (r: ScenarioResult) => string): Row[] {
  const rows = new Map<string, Row>();
  for (const r of results) {
    const key = group(r);
    const row =
      rows.get(key) ??
      { group: key, scenarios: 0, paynetTook: 0, recordedSucceeded: 0, needsReview: 0, lost: 0, stuck: 0, duplicate: 0, falseSuccess: 0, toldFailed: 0, slow: 0, badInput5xx: 0, slowestMs: 0 };
    rows.set(key, row);
    const took = r.charges > 0;
    row.scenarios++;
    if (took) row.paynetTook++;
    if (r.recordStatus === 'succeeded') row.recordedSucceeded++;
    if (r.recordStatus === 'needs_review') row.needsReview++;
    // Lost: Paynet took the money and the shop's record neither shows it nor flags it for review.
    if (took && r.recordStatus !== 'succeeded' && r.recordStatus !== 'needs_review') row.lost++;
    if (r.recordStatus === 'pending' || r.recordStatus === 'missing') row.stuck += r.recordStatus === 'pending' || took ? 1 : 0;
    if (r.charges > 1) row.duplicate++;
    if (!took && r.recordStatus === 'succeeded') row.falseSuccess++;
    if (took && (r.browserStatus === 'failed' || r.browserStatus === 'expired' || r.browserStatus === 'cancelled')) row.toldFailed++;
    if (r.slowestMs > TIMING.slowMs) row.slow++;
    row.badInput5xx += r.badInput5xx;
    row.slowestMs = Math.max(row.slowestMs, Math.round(r.slowestMs));
  }
  return [...rows.values()];
}

const COLUMNS: Array<[keyof Row, string]> = [
  ['group', 'kind · fault'],
  ['scenarios', 'runs'],
  ['paynetTook', 'Paynet took'],
  ['recordedSucceeded', 'shop: succeeded'],
  ['needsReview', 'needs_review'],
  ['lost', 'lost'],
  ['stuck', 'stuck pending'],
  ['duplicate', 'double charge'],
  ['falseSuccess', 'false success'],
  ['toldFailed', 'paid, told failed'],
  ['slow', '>3 s answers'],
  ['badInput5xx', '5xx to bad input'],
  ['slowestMs', 'slowest ms'],
];

function printTable(title: string, rows: Row[]): void {
  const total: Row = rows.reduce(
    (sum, r) => {
      for (const [k] of COLUMNS.slice(1)) (sum[k] as number) = k === 'slowestMs' ? Math.max(sum.slowestMs, r.slowestMs) : (sum[k] as number) + (r[k] as number);
      return sum;
    },
    { group: 'TOTAL', scenarios: 0, paynetTook: 0, recordedSucceeded: 0, needsReview: 0, lost: 0, stuck: 0, duplicate: 0, falseSuccess: 0, toldFailed: 0, slow: 0, badInput5xx: 0, slowestMs: 0 } as Row,
  );
  const all = [...rows, total];
  const widths = COLUMNS.map(([k, label]) => Math.max(label.length, ...all.map((r) => String(r[k]).length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(`\n### ${title}\n`);
  console.log(line(COLUMNS.map(([, label]) => label)));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of all) console.log(line(COLUMNS.map(([k]) => String(r[k]))));
}

async function pool<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await run(items[i]!);
    }),
  );
  return out;
}

/** CI's cut for the networked stores: every kind under every fault on its most dangerous call, plus the readings. */
function cutFor(store: StoreName, all: ScenarioSpec[]): ScenarioSpec[] {
  if (long || store === 'memory') return all;
  const dangerous: Record<string, string> = {
    paypos: '/v1/softpos/check_transaction',
    reversal: '/v1/softpos/check_transaction',
    card: '/v2/transaction/payment',
    device: '/v1/device/sale',
  };
  return all.filter((s) => s.target === '/' || s.target === dangerous[s.kind]);
}

function groupOf(r: ScenarioResult): string {
  const action = r.spec.action === 'pay' ? '' : `${r.spec.action} · `;
  const target = r.spec.target === '/' ? '' : ` @ ${r.spec.target.split('/').at(-1)}`;
  return `${r.spec.kind} · ${action}${r.spec.fault.name}${target}`;
}

let failed = false;
const started = Date.now();
const outageResults: OutageResult[] = [];
for (const storeName of stores) {
  const store = await openCampaignStore(storeName);
  try {
    let specs = cutFor(storeName, scenarios().filter((s) => !only || s.kind === only));
    specs = Array.from({ length: rounds }, () => specs).flat();
    const results = await pool(specs, concurrency, async (spec) => runScenario(spec, await store.forScenario()));
    const rows = tally(results, groupOf);
    printTable(`${storeName}: ${results.length} scenarios`, rows);
    const bad = rows.flatMap((r) => (r.lost + r.stuck + r.duplicate + r.falseSuccess + r.toldFailed + r.slow + r.badInput5xx > 0 ? [r.group] : []));
    // What each failing scenario saw, so a red run says why.
    for (const r of results) {
      if (!bad.includes(groupOf(r))) continue;
      console.log(`  ${groupOf(r)}: Paynet charges ${r.charges}, record ${r.recordStatus}, browser ${r.browserStatus}${r.notes.length ? `; ${r.notes.join('; ')}` : ''}`);
    }
    if (bad.length > 0) {
      failed = true;
      console.log(`\n${storeName}: FAILED in ${bad.join(', ')}`);
    }
  } finally {
    await store.dispose();
  }
  if (storeName === 'redis') outageResults.push(...(await redisOutage()));
  if (storeName !== 'memory') outageResults.push(...(await processKill(storeName)));
}

if (outageResults.length > 0) {
  console.log('\n### Outages\n');
  console.log('| check | ok | slowest ms | detail |\n|---|---|---:|---|');
  for (const o of outageResults) console.log(`| ${o.name} | ${o.ok ? 'yes' : 'NO'} | ${Math.round(o.slowestMs)} | ${o.detail} |`);
  if (outageResults.some((o) => !o.ok)) failed = true;
}
console.log(`\ncampaign: ${failed ? 'FAILED' : 'passed'} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(failed ? 1 : 0);
