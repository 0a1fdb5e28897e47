// npm run db:migrate-to-pg -- --from data/amendo.db --to postgres://user@host/amendo
// Copy a stopped instance's SQLite database into a new, empty PostgreSQL database and verify the copy
// (server/db/copy-to-pg.ts); exits non-zero, having written nothing, on any failure.
import { parseArgs } from 'node:util';
import { CopyFailed, copyToPostgres, redactUrl } from '../server/db/copy-to-pg.js';

const usage = 'usage: npm run db:migrate-to-pg -- --from data/amendo.db --to postgres://user@host/database';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
  if (!values.from || !values.to) throw new Error(usage);
  console.log(`Copying ${values.from} to ${redactUrl(values.to)}`);
  const report = await copyToPostgres({
    from: values.from,
    to: values.to,
    onTable: ({ table, rows, ms }) => console.log(`  ${table.padEnd(26)} ${String(rows).padStart(9)} rows ${String(ms).padStart(7)} ms`),
  });
  for (const { slug, entries } of report.chains) console.log(`  audit chain of ${slug}: ${entries} entries, verified`);
  const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
  const rulebooks = report.chains.length === 1 ? '1 rulebook' : `${report.chains.length} rulebooks`;
  console.log(`Copied ${rows} rows in ${report.tables.length} tables and verified the audit chains of ${rulebooks}, in ${(report.ms / 1000).toFixed(1)} s.`);
  console.log('Start Amendo with DATABASE_URL set to the new database.');
}

try {
  await main();
} catch (err) {
  const message = err instanceof CopyFailed ? `${err.message} [${err.code}]` : err instanceof Error ? err.message : String(err);
  console.error(`db:migrate-to-pg failed: ${message}`);
  console.error('No row was committed to the target: the copy runs in one transaction.');
  process.exitCode = 1;
}
