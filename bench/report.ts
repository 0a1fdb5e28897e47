import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** One row of a result table: a server (and the parameter it ran with) and its figures. */
export interface ResultRow {
  server: string;
  /** The parameter this row ran with (e.g. "N=100"); ratios compare rows of the same group. */
  group: string;
  cells: string[];
  /** The figure the ratio column compares (lower is better); null when it does not apply. */
  score: number | null;
}

/** The results of one scenario. */
export interface ResultTable {
  id: string;
  title: string;
  /** What the first column names (by default "server"). */
  subjectLabel?: string;
  /** What the group column holds, e.g. "readers". */
  groupLabel: string;
  columns: string[];
  /** Name of the compared figure, shown in the ratio column's header; empty for a table without that column. */
  ratioOf: string;
  rows: ResultRow[];
  notes: string[];
}

function ratioCell(row: ResultRow, rows: ResultRow[]): string {
  if (row.score === null || !Number.isFinite(row.score)) return 'n/a';
  const scores = rows.filter((r) => r.group === row.group && r.score !== null && Number.isFinite(r.score)).map((r) => r.score!);
  const best = Math.min(...scores);
  if (row.score === best) return '**best**';
  if (best === 0) return `worse (best is 0)`;
  return `${(row.score / best).toFixed(2)}×`;
}

/** A result table as Markdown. */
export function renderTable(table: ResultTable): string {
  const ratio = table.ratioOf !== '';
  const head = [table.subjectLabel ?? 'server', table.groupLabel, ...table.columns, ...(ratio ? [`ratio to best (${table.ratioOf})`] : [])];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const row of table.rows) lines.push(`| ${[row.server, row.group, ...row.cells, ...(ratio ? [ratioCell(row, table.rows)] : [])].join(' | ')} |`);
  if (table.notes.length) lines.push('', ...table.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

/** The machine line printed above the tables. */
export function machineLine(mode: string, elapsedMs: number): string {
  const cpu = cpus();
  return `Run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, \`${mode}\` mode, ${(elapsedMs / 1000).toFixed(0)} s — ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}.`;
}

const START = (id: string) => `<!-- bench:${id}:start -->`;
const END = (id: string) => `<!-- bench:${id}:end -->`;

/**
 * Write the tables into `path`, between `<!-- bench:<id>:start/end -->` markers, so the hand-written text around
 * them survives a new run; a table without markers in the file is appended at its end. The machine line is written
 * unless null (a run of sections that carry their own run line leaves the main tables' line alone).
 */
export function writeResults(path: string, machine: string | null, tables: ResultTable[]): void {
  let text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const replace = (id: string, body: string, fallbackHeading: string) => {
    const block = `${START(id)}\n${body}\n${END(id)}`;
    const start = text.indexOf(START(id));
    const end = text.indexOf(END(id));
    if (start >= 0 && end > start) text = text.slice(0, start) + block + text.slice(end + END(id).length);
    else text = `${text.trimEnd()}\n\n${fallbackHeading}${block}\n`;
  };
  if (machine !== null) replace('machine', machine, '');
  for (const t of tables) replace(t.id, renderTable(t), `## ${t.title}\n\n`);
  writeFileSync(path, text);
}

/** Format helpers shared by the scenarios. */
export const fmt = {
  ms: (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) : 'n/a'),
  kib: (bytes: number) => (Number.isFinite(bytes) ? (bytes / 1024).toFixed(1) : 'n/a'),
  mib: (bytes: number) => (Number.isFinite(bytes) ? (bytes / 2 ** 20).toFixed(1) : 'n/a'),
  int: (n: number) => n.toLocaleString('en-US'),
};
