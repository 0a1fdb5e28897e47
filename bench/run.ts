// Side-by-side benchmarks of Amendo's collaboration server, the reference y-websocket server and Hocuspocus.
// Each server runs in its own child process; this process is the load generator. Loopback only.
// Usage: npm run bench [-- --full] [--only fan-out,durability] [--servers amendo,hocuspocus] [--out docs/benchmarks.md] [--no-write]
import { SERVER_KINDS, type ServerKind } from './child-server.js';
import { machineLine, renderTable, writeResults } from './report.js';
import { fullParams, quickParams, runSuite, SCENARIOS, type ScenarioId } from './suite.js';

const argv = process.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const list = <T extends string>(value: string | undefined, allowed: readonly T[]): T[] | undefined => {
  if (!value) return undefined;
  const items = value.split(',');
  const unknown = items.filter((x) => !allowed.includes(x as T));
  if (unknown.length) throw new Error(`unknown: ${unknown.join(', ')} (expected one of ${allowed.join(', ')})`);
  return items as T[];
};

const params = argv.includes('--full') ? fullParams : quickParams;
const out = option('out') ?? 'docs/benchmarks.md';
const t0 = performance.now();
console.log(`Amendo benchmarks (${params.name})`);
const tables = await runSuite(params, {
  kinds: list<ServerKind>(option('servers'), SERVER_KINDS),
  scenarios: list<ScenarioId>(option('only'), SCENARIOS),
  log: (line) => console.log(line),
});
const machine = machineLine(params.name, performance.now() - t0);
console.log(`\n${machine}`);
for (const t of tables) console.log(`\n## ${t.title}\n\n${renderTable(t)}`);
if (!argv.includes('--no-write')) {
  writeResults(out, machine, tables);
  console.log(`\nwritten to ${out}`);
}
// Sockets to stopped servers may still be closing; the results are out, so stop here.
process.exit(0);
