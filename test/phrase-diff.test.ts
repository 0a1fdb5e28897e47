import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { rewordedRulebook } from './helpers/reworded.js';
import { pdfText } from './helpers/pdf-text.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

/** The changed runs of a diff, as `-old` and `+new`. */
const changes = (runs: Array<{ op: string; text: string }> | null) => (runs ?? []).filter((r) => r.op !== 'equal').map((r) => `${r.op === 'insert' ? '+' : '-'}${r.text}`);

describe('phrase-level diffs', () => {
  it('reports a rephrasing and a new amount as one deletion and one insertion each, in the version diff and the amendment', async () => {
    const { slug, amendments } = await rewordedRulebook(server);
    const reader = new ApiClient(server.url);
    const diff = (await reader.get(`/api/rulebooks/${slug}/diff?from=0.1&to=1.0`)).body;
    expect(diff.articles.map((a: any) => [a.status, changes(a.text)])).toEqual([
      ['modified', ['-1 500 €', '+2 000 €', '-12 mars 2027', '+3 avril 2027']],
      ['modified', ['-exercer son activité', '+animer une communauté']],
    ]);

    const detail = (await reader.get(`/api/amendments/${amendments[1].id}`)).body;
    expect(changes(detail.diff.text)).toEqual(['-exercer son activité', '+animer une communauté']);
  });

  it('prints the amounts whole in the redline PDF', async () => {
    const { slug } = await rewordedRulebook(server);
    const res = await fetch(`${server.url}/api/rulebooks/${slug}/diff/pdf?from=0.1&to=1.0`);
    expect(res.status).toBe(200);
    const text = await pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain('doté de 1 500 €');
    expect(text).toMatch(/1 500 € ?2 000 € ; il est remis le 12 mars 2027 ?3 avril 2027\./);
    // The PDF sets apostrophes typographically (s’engage).
    expect(text).toMatch(/s[’']engage à exercer son activité ?animer une communauté dans la commune/);
  });
});
