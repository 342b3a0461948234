/**
 * The sections of `npm run bench`, in the order they run. Each is a module that exports one
 * `Section`; adding a section is one import and one line in `SECTIONS` below.
 *
 * A section:
 * - `name`: what `--only=<name>` selects and what its series file is called
 *   (`bench/results/<name>.json`); lowercase, kebab-case.
 * - `title`: one line saying what it measures (printed by `--help`).
 * - `run(options)`: measures, and resolves to
 *   - `tables`: what it prints (bench/table.ts renders them; none is printed with `--json`);
 *   - `figures`: plain JSON (numbers, strings, arrays, objects) recorded as this run's point of
 *     the section's series; keep its shape stable from run to run so the series compares;
 *   - `environment` (optional): facts about what ran it beyond the machine itself, recorded
 *     beside the machine (the Chromium version, the store it loaded, ...).
 *   It cleans up after itself (servers closed, browsers closed, temp dirs removed) even when it
 *   throws. It asserts no timing: figures depend on the machine and its load.
 *
 * `options` holds the shared knobs; a section with its own reads them from `options.flags`
 * (every `--name=value` given on the command line, unparsed), e.g. `--loads=20` for tti.
 * run.ts times each section, records `{ date, commit, machine, environment, elapsedSeconds,
 * figures }` to its series unless `--no-record`, and prints the elapsed time per section.
 */
import { bundleSection } from './bundle-size.js';
import { codeSection } from './code-speed.js';
import { httpSection } from './http-throughput.js';
import { latencySection } from './latency.js';
import { paynetCallsSection } from './paynet-calls.js';
import { statusLoadSection } from './status-load.js';
import { staticDemoSection } from './static-demo.js';
import type { Table } from './table.js';
import { ttiSection } from './tti.js';

export interface SectionOptions {
  /** Length of each timed backend run, in seconds (`--seconds`, default 5). */
  seconds: number;
  /** Concurrent connections of each backend load run (`--connections`, default 50). */
  connections: number;
  /** Every `--name=value` flag as given (`--loads=20` → `{ loads: '20' }`; a bare flag is `true`). */
  flags: Readonly<Record<string, string | boolean | undefined>>;
  /** Progress lines for a long section (to stderr, so `--json` output stays clean). */
  log(line: string): void;
}

export interface SectionResult {
  tables: Table[];
  figures: unknown;
  environment?: Record<string, string | number>;
}

export interface Section {
  name: string;
  title: string;
  run(options: SectionOptions): Promise<SectionResult>;
}

export const SECTIONS: readonly Section[] = [
  bundleSection,
  ttiSection,
  staticDemoSection,
  httpSection,
  statusLoadSection,
  paynetCallsSection,
  latencySection,
  codeSection,
];
