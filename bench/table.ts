/** Plain-text tables for the benchmark report: one per section, columns sized to their widest cell. */

export type Cell = string | number;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
  /** Lines printed under the table: how to read the figures. */
  notes?: string[];
}

/** Numbers align right, text left; integers get thousands separators so they read at a glance. */
export function renderTable(table: Table): string {
  const text = (cell: Cell): string => (typeof cell === 'number' ? formatNumber(cell) : cell);
  const cells = [table.columns, ...table.rows.map((row) => row.map(text))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const numeric = table.columns.map((_, i) => table.rows.length > 0 && table.rows.every((row) => typeof row[i] === 'number'));
  const line = (row: string[]): string =>
    row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const out = [table.title, '', line(table.columns), rule, ...cells.slice(1).map(line)];
  for (const note of table.notes ?? []) out.push(`  ${note}`);
  return out.join('\n');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: value < 10 ? 2 : 1, minimumFractionDigits: value < 10 ? 2 : 1 });
}
