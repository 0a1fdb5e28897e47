// The cluster benchmark (npm run bench -- --only cluster) at a few clients, so it cannot rot.
import { describe, expect, it } from 'vitest';
import { clusterParams, runCluster } from '../../bench/scenarios/cluster.js';
import { renderTable } from '../../bench/report.js';

describe('cluster benchmark (tiny run)', () => {
  it('measures every setup: each edit reaches every reader on both instances, page views succeed, each hop is timed', async () => {
    const tables = await runCluster(clusterParams.tiny);
    const [fanOut, views, hops] = tables;
    const shown = tables.map(renderTable).join('\n\n');
    expect(tables.map((t) => t.id), shown).toEqual(['cluster-fan-out', 'cluster-views', 'cluster-hops']);
    expect(fanOut!.notes.filter((n) => n.includes('failed')), shown).toEqual([]);
    expect(fanOut!.rows.map((r) => r.group)).toEqual(['4 on A', '4 on A', '2 on A', '2 on B']);
    for (const row of fanOut!.rows) expect(row.cells[fanOut!.columns.indexOf('missing deliveries')], shown).toBe('0');
    for (const row of views!.rows) expect(row.cells[views!.columns.indexOf('failed')], shown).toBe('0');
    // Every hop has samples: the Redis legs included (a subscriber heard A publish each edit).
    expect(hops!.rows).toHaveLength(12);
    for (const row of hops!.rows) expect(Number(row.cells[0]!.replace(/,/g, '')), `${row.server} / ${row.group}\n${shown}`).toBeGreaterThan(0);
  });
});
