import { beforeAll, describe, expect, it } from 'vitest';
import { runSuite, tinyParams } from '../bench/suite.js';
import { renderTable, type ResultTable } from '../bench/report.js';

// The benchmark harness at a few clients and edits per scenario, against all three servers, so it cannot rot.
let tables: ResultTable[] = [];

/** The cell of `column` in the first row of `server` (by label prefix). */
function cell(id: string, server: string, column: string): string {
  const table = tables.find((t) => t.id === id)!;
  const row = table.rows.find((r) => r.server === server);
  if (!row) throw new Error(`no row for ${server} in ${id}:\n${renderTable(table)}`);
  return row.cells[table.columns.indexOf(column)]!;
}

const servers = ['Amendo', 'y-websocket server', 'Hocuspocus'];

describe('benchmark harness (tiny run)', () => {
  beforeAll(async () => {
    tables = await runSuite(tinyParams, { reuseServers: true });
  }, 120_000);

  it('produces every table with one row per server and no failed scenario', () => {
    expect(tables.map((t) => t.id)).toEqual(['fan-out', 'connections', 'cold-load', 'durability', 'malformed', 'reconnect-storm']);
    for (const t of tables) {
      expect(t.notes.filter((n) => n.includes('failed')), renderTable(t)).toEqual([]);
      for (const server of servers) expect(t.rows.some((r) => r.server === server), `${t.id}: ${server}`).toBe(true);
      expect(renderTable(t)).toContain('**best**');
    }
  });

  it('delivers every fan-out edit to every reader', () => {
    for (const server of servers) expect(cell('fan-out', server, 'missing deliveries')).toBe('0');
  });

  it('delivers the edits to every idle connection, on the floor too', () => {
    for (const server of [...servers, 'bare broadcast (floor)']) {
      const [delivered, expected] = cell('connections', server, 'delivered').split('/');
      expect(delivered).toBe(expected);
    }
  });

  it('loads the whole history after a restart', () => {
    for (const server of [...servers, 'Amendo (raw rows)']) expect(cell('cold-load', server, 'last edit present')).toBe('yes');
  });

  it('keeps acknowledged edits through kill -9 on Amendo, and loses them on the in-memory reference', () => {
    expect(cell('durability', 'Amendo', 'acknowledged but lost')).toBe('0');
    expect(cell('durability', 'y-websocket server', 'acknowledged but lost')).toBe(cell('durability', 'y-websocket server', 'acknowledged ≥100 ms before kill'));
  });

  it('survives malformed input with the document intact', () => {
    for (const server of servers) {
      expect(cell('malformed', server, 'server up')).toBe('yes');
      expect(cell('malformed', server, 'document intact')).toBe('yes');
    }
    expect(cell('malformed', 'Amendo', 'close codes (× count)')).toMatch(/4400×\d+/);
  });

  it('resyncs every client after a reconnect storm', () => {
    for (const server of servers) expect(cell('reconnect-storm', server, 'failed')).toBe('0');
  });
});
