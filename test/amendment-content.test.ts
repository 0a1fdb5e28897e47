import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { openConsultation, organiserWithRulebook, personWithRole } from './helpers/fixtures.js';
import { pdfRuns } from './helpers/pdf-text.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const PRIZE = 'Le lauréat reçoit un prix de 1 500 €. Le jury compte sept membres.';
const MARKDOWN = ['# Règlement', '', '## Article 1 – Objet', '', 'Le concours récompense un community manager.', '', '## Article 2 – Prix', '', PRIZE, ''].join('\n');

const t = (text: string) => ({ type: 'text', text });
const b = (text: string) => ({ type: 'text', text, marks: [{ type: 'strong' }] });
const i = (text: string) => ({ type: 'text', text, marks: [{ type: 'em' }] });
const p = (...content: object[]) => ({ type: 'paragraph', content });
const ul = (...items: object[][]) => ({ type: 'bullet_list', content: items.map((content) => ({ type: 'list_item', content: [p(...content)] })) });

/** Article 2 (the prize) in an open consultation, its organiser and a member, Léa. */
async function prizeDebate() {
  const setup = await organiserWithRulebook(server, 2, MARKDOWN);
  await openConsultation(setup.organiser, setup.slug);
  const { person: lea } = await personWithRole(server, setup.organiser, setup.slug, 'member', 'Léa');
  const article = setup.draft.articles[1];
  const propose = (body: Record<string, unknown>) => lea.post(`/api/rulebooks/${setup.slug}/amendments`, { kind: 'modify', articleId: article.id, rationale: 'Plus lisible.', ...body });
  return { ...setup, lea, article, propose };
}

describe('an amendment with formatting', () => {
  it('keeps its bold, italic and list from the proposal, through its diff and a merge, into the draft, the release and its PDF', async () => {
    const { organiser, slug, article, propose } = await prizeDebate();
    const content = [p(t('Le lauréat reçoit un prix de '), b('1 500 €'), t('. Le jury compte sept membres.')), ul([t('un trophée')], [i('une invitation au gala')])];
    const proposed = await propose({ content });
    expect(proposed.status).toBe(201);
    expect(proposed.body.content).toEqual(content);
    expect(proposed.body.text).toBe('Le lauréat reçoit un prix de 1 500 €. Le jury compte sept membres.\n\n- un trophée\n- une invitation au gala');

    // Its diff shows the formatting: the amount made bold is a change.
    const detail = (await new ApiClient(server.url).get(`/api/amendments/${proposed.body.id}`)).body;
    expect(detail.diff.text).toContainEqual({ op: 'insert', text: '1 500 €', marks: ['strong'] });
    expect(detail.diff.text).toContainEqual({ op: 'insert', text: 'une invitation au gala', marks: ['em'] });

    // Meanwhile the organiser's own amendment changes another word of the article, and is accepted first.
    const theirs = await organiser.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: article.id, text: PRIZE.replace('sept', 'neuf'), rationale: 'Un jury plus large.' });
    expect((await organiser.post(`/api/amendments/${theirs.body.id}/decision`, { decision: 'accept', reason: 'Adopté.' })).status).toBe(200);

    const accepted = await organiser.post(`/api/amendments/${proposed.body.id}/decision`, { decision: 'accept', reason: 'Plus lisible, adopté.' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', merged: true });
    const draft = (await organiser.get(`/api/rulebooks/${slug}/draft`)).body;
    expect(draft.articles[1].text).toBe('Le lauréat reçoit un prix de 1 500 €. Le jury compte neuf membres.\n\n- un trophée\n- une invitation au gala');

    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).status).toBe(201);
    const pdf = await fetch(`${server.url}/api/rulebooks/${slug}/releases/1.0/pdf`);
    expect(pdf.status).toBe(200);
    const runs = (await pdfRuns(new Uint8Array(await pdf.arrayBuffer()))).flat();
    const faceOf = (text: string) => runs.find((r) => r.str.includes(text))?.font ?? '';
    expect(faceOf('1 500')).toMatch(/SourceSerif4.*Bold/);
    expect(faceOf('invitation au gala')).toMatch(/SourceSerif4.*Italic/);
    expect(faceOf('un trophée')).toMatch(/SourceSerif4-Regular/);
    expect(runs.filter((r) => r.str.trim() === '•')).toHaveLength(2);
  });

  it('takes formatting alone as a change, writes it when accepted, and shows it in the diff and the redline of two releases', async () => {
    const { organiser, slug, article, propose } = await prizeDebate();
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '0.1' })).status).toBe(201);
    const proposed = await propose({ content: [p(t('Le lauréat reçoit un prix de '), b('1 500 €'), t('. Le jury compte sept membres.'))] });
    expect(proposed.status).toBe(201);
    expect(proposed.body.text).toBe(PRIZE);
    expect((await organiser.post(`/api/amendments/${proposed.body.id}/decision`, { decision: 'accept', reason: 'Oui.' })).body).toMatchObject({ status: 'accepted', merged: false });
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).status).toBe(201);
    const runs = (await pdfRuns(new Uint8Array(await (await fetch(`${server.url}/api/rulebooks/${slug}/releases/1.0/pdf`)).arrayBuffer()))).flat();
    expect(runs.find((r) => r.str.includes('1 500'))?.font).toMatch(/SourceSerif4.*Bold/);

    const diff = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/diff?from=0.1&to=1.0`)).body;
    const changed = diff.articles.find((a: { id: string }) => a.id === article.id);
    expect(changed.status).toBe('modified');
    expect(changed.text).toEqual([
      { op: 'equal', text: 'Le lauréat reçoit un prix de ' },
      { op: 'delete', text: '1 500 €' },
      { op: 'insert', text: '1 500 €', marks: ['strong'] },
      { op: 'equal', text: '. Le jury compte sept membres.' },
    ]);
    const redline = (await pdfRuns(new Uint8Array(await (await fetch(`${server.url}/api/rulebooks/${slug}/diff/pdf?from=0.1&to=1.0`)).arrayBuffer()))).flat();
    const amounts = redline.filter((r) => r.str.includes('1 500')).map((r) => r.font);
    expect(amounts).toEqual([expect.stringMatching(/SourceSerif4-Regular/), expect.stringMatching(/SourceSerif4.*Bold/)]);
  });

  it('keeps the formatting an organiser gave the article since it was proposed', async () => {
    const { organiser, slug, article, propose } = await prizeDebate();
    // Léa rewords the end; then the organiser's amendment makes the amount bold and is accepted first.
    const lea = await propose({ text: PRIZE.replace('sept membres', 'sept membres au plus') });
    const bold = await organiser.post(`/api/rulebooks/${slug}/amendments`, {
      kind: 'modify',
      articleId: article.id,
      content: [p(t('Le lauréat reçoit un prix de '), b('1 500 €'), t('. Le jury compte sept membres.'))],
      rationale: 'Mettre le montant en évidence.',
    });
    await organiser.post(`/api/amendments/${bold.body.id}/decision`, { decision: 'accept', reason: 'Oui.' });
    expect((await organiser.post(`/api/amendments/${lea.body.id}/decision`, { decision: 'accept', reason: 'Oui.' })).body).toMatchObject({ status: 'accepted', merged: true });
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).status).toBe(201);
    const runs = (await pdfRuns(new Uint8Array(await (await fetch(`${server.url}/api/rulebooks/${slug}/releases/1.0/pdf`)).arrayBuffer()))).flat();
    expect(runs.find((r) => r.str.includes('1 500'))?.font).toMatch(/SourceSerif4.*Bold/);
    expect(runs.map((r) => r.str).join('')).toContain('sept membres au plus');
  });

  it('refuses a body that is not an article body, or that is missing, with a clear error', async () => {
    const { propose } = await prizeDebate();
    const refused = async (body: Record<string, unknown>) => {
      const res = await propose(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      return res.body.error.message as string;
    };
    await refused({ content: [{ type: 'article_title', content: [t('x')] }] });
    await refused({ content: [p({ type: 'text', text: 'lien', marks: [{ type: 'link' }] })] });
    await refused({ content: [{ type: 'bullet_list', content: [] }] });
    let deep: object = p(t('fond'));
    for (let level = 0; level < 100; level++) deep = { type: 'bullet_list', content: [{ type: 'list_item', content: [deep] }] };
    expect(await refused({ content: [deep] })).toMatch(/deep/);
    expect(await refused({})).toMatch(/content/);
    expect(await refused({ content: [p(t('\u0007'))] })).toMatch(/blank/);
  });

  it('reads a plain-text proposal into blocks that keep the formatting of those it leaves unchanged', async () => {
    const { organiser, slug, article, propose } = await prizeDebate();
    const bold = await organiser.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: article.id, content: [p(b('Le lauréat')), p(t(PRIZE))], rationale: 'Un chapeau.' });
    await organiser.post(`/api/amendments/${bold.body.id}/decision`, { decision: 'accept', reason: 'Oui.' });
    const proposed = await propose({ text: `Le lauréat\n\n${PRIZE}\n\nNouveau paragraphe.` });
    expect(proposed.status).toBe(201);
    expect(proposed.body.content).toEqual([p(b('Le lauréat')), p(t(PRIZE)), p(t('Nouveau paragraphe.'))]);
  });

  it('merges a proposal written from an older wording into the article as it is now, never undoing what changed meanwhile', async () => {
    const { organiser, slug, article, propose } = await prizeDebate();
    const older = { title: article.title, content: [p(t(PRIZE))] };
    // While Léa writes, the organiser's amendment changes the jury's size and is accepted.
    const jury = await organiser.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: article.id, text: PRIZE.replace('sept', 'neuf'), rationale: 'Un jury plus large.' });
    await organiser.post(`/api/amendments/${jury.body.id}/decision`, { decision: 'accept', reason: 'Adopté.' });

    // Léa sends the amount in bold, written from the wording she opened: the jury's nine members stay.
    const merged = await propose({ content: [p(t('Le lauréat reçoit un prix de '), b('1 500 €'), t('. Le jury compte sept membres.'))], basedOn: older });
    expect(merged.status).toBe(201);
    expect(merged.body.content).toEqual([p(t('Le lauréat reçoit un prix de '), b('1 500 €'), t('. Le jury compte neuf membres.'))]);
    expect(merged.body.baseText).toBe(PRIZE.replace('sept', 'neuf'));

    // Where she changed the same words, nothing is stored and she is told.
    const clash = await propose({ content: [p(t(PRIZE.replace('sept', 'onze')))], basedOn: older });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'article_changed']);
    expect(clash.body.error.details.current.text).toBe(PRIZE.replace('sept', 'neuf'));
    const listed = (await organiser.get(`/api/rulebooks/${slug}/amendments?status=open`)).body as Array<{ id: string }>;
    expect(listed.map((a) => a.id)).toEqual([merged.body.id]);
  });
});
