import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { disputes, ref, referencingRulebook, renumberedReference } from './helpers/references.js';
import { pdfText } from './helpers/pdf-text.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const t = (text: string) => ({ type: 'text', text });
const p = (...content: object[]) => ({ type: 'paragraph', content });

describe('a reference to another article', () => {
  it('reads 12, then 13 after an insertion before it, in the draft, the release JSON, the page and the PDF, and the diff calls it a renumbering', async () => {
    // Released as 1.0, then an article inserted after article 5 makes article 12 article 13, and nobody touched article 3.
    const { slug, third, twelfth, amendment } = await renumberedReference(server);
    expect(amendment.content).toEqual(disputes(ref(twelfth.id, '12', { n: null })));
    expect(amendment.text).toBe('Disputes go to the jury (see article 12).');

    const reader = new ApiClient(server.url);
    const draft = (await reader.get(`/api/rulebooks/${slug}/draft`)).body;
    expect(draft.articles.find((a: { id: string }) => a.id === twelfth.id).number).toBe(13);
    expect(draft.articles[2].text).toBe('Disputes go to the jury (see article 13).');

    const [v1, v2] = [(await reader.get(`/api/rulebooks/${slug}/releases/1.0`)).body, (await reader.get(`/api/rulebooks/${slug}/releases/2.0`)).body];
    expect(v1.draft.articles[2].text).toBe('Disputes go to the jury (see article 12).');
    expect(v2.draft.articles[2].text).toBe('Disputes go to the jury (see article 13).');
    expect(v1.bodies[third.id]).toEqual(disputes(ref(twelfth.id, '12', { n: 12 })));
    expect(v2.bodies[third.id]).toEqual(disputes(ref(twelfth.id, '12', { n: 13 })));

    const page = await (await fetch(`${server.url}/r/${slug}/releases/2.0`)).text();
    expect(page).toContain(`(see <a class="rb-ref" href="#article-${twelfth.id}">article 13</a>).`);
    expect(page).toContain(`id="article-${twelfth.id}"`);

    const pdf = new Uint8Array(await (await fetch(`${server.url}/api/rulebooks/${slug}/releases/2.0/pdf`)).arrayBuffer());
    expect((await pdfText(pdf)).replace(/\s+/g, ' ')).toContain('(see article 13)');

    // Provenance reads the reference as its number in each version, attributed whole to the amendment that wrote it.
    for (const [version, number] of [['1.0', 12], ['2.0', 13]] as const) {
      const provenance = (await reader.get(`/api/rulebooks/${slug}/provenance?version=${version}`)).body;
      const runs = provenance.articles.find((a: { id: string }) => a.id === third.id).runs.filter((r: { block: number }) => r.block > 0);
      expect(runs.map((r: { text: string }) => r.text).join('')).toBe(`Disputes go to the jury (see article ${number}).`);
      expect(provenance.origins[runs[0].origin]).toMatchObject({ kind: 'amendment', amendment: { number: amendment.number } });
    }

    const diff = (await reader.get(`/api/rulebooks/${slug}/diff?from=1.0&to=2.0`)).body;
    const entry = diff.articles.find((a: { id: string }) => a.id === third.id);
    expect(entry).toMatchObject({ status: 'renumbered', fromNumber: 3, toNumber: 3, references: 1, renumbered: false });
    expect(entry.text).toContainEqual({ op: 'equal', text: 'article 13', was: 'article 12' });
    expect(entry.text.every((run: { op: string }) => run.op === 'equal')).toBe(true);
    expect(diff.summary.modified).toBe(0);

    // The server's pages without JavaScript: the diff says how the reference read before; a citation of article 3
    // links its reference to the citation of the article it names, in the same version.
    const diffPage = await (await fetch(`${server.url}/r/${slug}/diff?from=1.0&to=2.0`)).text();
    expect(diffPage).toContain('<span class="diff-ref">article 13 <small>(was article 12)</small></span>');
    const citation = await (await fetch(`${server.url}/r/${slug}/v/2.0/a/${third.id}`)).text();
    expect(citation).toContain(`<a class="rb-ref" href="/r/${slug}/v/2.0/a/${twelfth.id}">article 13</a>`);
  });

  it('proposed on an article, reads with the draft numbers, so an amendment touching other words merges cleanly after a renumbering', async () => {
    const { organiser, slug, third, twelfth, accept } = await referencingRulebook(server);
    const { body: draft } = await organiser.get(`/api/rulebooks/${slug}/draft`);
    // A member's proposal made before the renumbering changes another word of article 3.
    const proposal = await organiser.post(`/api/rulebooks/${slug}/amendments`, {
      kind: 'modify',
      articleId: third.id,
      rationale: 'Plus précis.',
      content: disputes(ref(twelfth.id, '12'), 'the appeals jury'),
    });
    expect(proposal.status).toBe(201);
    const { body: detail } = await organiser.get(`/api/amendments/${proposal.body.id}`);
    expect(detail.diff.text.filter((run: { op: string }) => run.op !== 'equal')).toEqual([{ op: 'insert', text: 'appeals ' }]);
    await accept({ kind: 'insert', afterArticleId: draft.articles[0].id, title: 'Scope', text: 'These rules apply to every entrant.' });

    const decided = await organiser.post(`/api/amendments/${proposal.body.id}/decision`, { decision: 'accept', reason: 'Adopté.' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const after = (await organiser.get(`/api/rulebooks/${slug}/draft`)).body;
    expect(after.articles[3].text).toBe('Disputes go to the appeals jury (see article 13).');
  });

  it('makes a proposed deletion of a referenced article name the articles that refer to it', async () => {
    const { organiser, slug, third, twelfth } = await referencingRulebook(server);
    const { body: deletion } = await organiser.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: twelfth.id, rationale: 'Obsolète.' });
    const { body: detail } = await new ApiClient(server.url).get(`/api/amendments/${deletion.id}`);
    expect(detail.referencedBy).toEqual([{ id: third.id, number: 3, title: third.title }]);
    const { body: other } = await organiser.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: third.id, rationale: 'Obsolète.' });
    expect((await new ApiClient(server.url).get(`/api/amendments/${other.id}`)).body.referencedBy).toEqual([]);

    // Accepted anyway: the reference reads as the number it was written with.
    expect((await organiser.post(`/api/amendments/${deletion.id}/decision`, { decision: 'accept', reason: 'Supprimé.' })).status).toBe(200);
    expect((await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[2].text).toBe('Disputes go to the jury (see article 12).');
  });

  it('refuses a reference whose target is not an article id', async () => {
    const { organiser, slug, third } = await referencingRulebook(server);
    const res = await organiser.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: third.id, rationale: 'x', content: [p(t('See '), ref('<script>', '1'))] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });
});
