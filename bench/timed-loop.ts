/**
 * ops/s of a synchronous function, without a benchmark library (tinybench is not a
 * dependency). Warm-up first so the JIT has settled; then timed batches, sized so one batch
 * is long enough that the clock's resolution does not matter.
 */

export interface LoopResult {
  name: string;
  opsPerSec: number;
  /** Mean time of one call. */
  nsPerOp: number;
  /** Spread of the per-batch rates (sample standard deviation / mean), in %. */
  rmePercent: number;
  samples: number;
}

export interface LoopOptions {
  warmupMs?: number;
  durationMs?: number;
  /** Target length of one timed batch. */
  batchMs?: number;
}

/** Results go here so the engine cannot drop a call whose value nobody reads. */
let sink: unknown;

export function timeLoop(name: string, fn: () => unknown, { warmupMs = 300, durationMs = 1_500, batchMs = 50 }: LoopOptions = {}): LoopResult {
  let batch = 1;
  const warmupEnd = performance.now() + warmupMs;
  // Grow the batch during warm-up until one takes about batchMs.
  while (performance.now() < warmupEnd) {
    const started = performance.now();
    for (let i = 0; i < batch; i++) sink = fn();
    if (performance.now() - started < batchMs) batch *= 2;
  }

  const rates: number[] = [];
  let calls = 0;
  let spent = 0;
  while (spent < durationMs) {
    const started = performance.now();
    for (let i = 0; i < batch; i++) sink = fn();
    const elapsed = performance.now() - started;
    spent += elapsed;
    calls += batch;
    rates.push((batch / elapsed) * 1_000);
  }
  if (sink === Symbol.for('never')) console.log(sink);

  const opsPerSec = (calls / spent) * 1_000;
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  const variance = rates.length > 1 ? rates.reduce((a, r) => a + (r - mean) ** 2, 0) / (rates.length - 1) : 0;
  return { name, opsPerSec, nsPerOp: 1e9 / opsPerSec, rmePercent: (Math.sqrt(variance) / mean) * 100, samples: rates.length };
}
