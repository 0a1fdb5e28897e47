// Side-by-side benchmarks of Amendo's collaboration server, the reference y-websocket server and Hocuspocus.
// Each server runs in its own child process; this process is the load generator. Loopback only.
// The read benchmark (`reads`) loads Amendo's public routes and a whole page view beside a bare Fastify route.
// The cluster benchmark (`cluster`, only when named: it needs PostgreSQL and Redis) compares one instance on SQLite
// with one and two on PostgreSQL + Redis.
// Usage: npm run bench [-- --full] [--only fan-out,durability,reads,cluster] [--servers amendo,hocuspocus] [--out docs/benchmarks.md] [--no-write]
import { SERVER_KINDS, type ServerKind } from './child-server.js';
import { machineLine, renderTable, writeResults } from './report.js';
import { fullParams, quickParams, runSuite, SCENARIOS, type ScenarioId } from './suite.js';
import { readsParams, readsTable, runReads } from './scenarios/reads.js';
import { clusterParams, runCluster } from './scenarios/cluster.js';

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

const full = argv.includes('--full');
const params = full ? fullParams : quickParams;
const only = list<ScenarioId | 'reads' | 'cluster'>(option('only'), [...SCENARIOS, 'reads', 'cluster']);
const suiteScenarios = only?.filter((s): s is ScenarioId => s !== 'reads' && s !== 'cluster');
const out = option('out') ?? 'docs/benchmarks.md';
const t0 = performance.now();
console.log(`Amendo benchmarks (${params.name})`);
const log = (line: string) => console.log(line);
const tables = suiteScenarios?.length === 0 ? [] : await runSuite(params, { kinds: list<ServerKind>(option('servers'), SERVER_KINDS), scenarios: suiteScenarios, log });
if (!only || only.includes('reads')) tables.push(readsTable(await runReads(full ? readsParams.full : readsParams.quick, log)));
if (only?.includes('cluster')) tables.push(...(await runCluster(full ? clusterParams.full : clusterParams.quick, log)));
const machine = machineLine(params.name, performance.now() - t0);
console.log(`\n${machine}`);
for (const t of tables) console.log(`\n## ${t.title}\n\n${renderTable(t)}`);
if (!argv.includes('--no-write')) {
  // The machine line above the main tables describes the suite's run; the cluster section carries its own.
  writeResults(out, suiteScenarios?.length === 0 ? null : machine, tables);
  console.log(`\nwritten to ${out}`);
}
// Sockets to stopped servers may still be closing; the results are out, so stop here.
process.exit(0);
