// Provenance ("blame") of a 300-article rulebook whose draft took 500 accepted amendments after its import: the
// domain call cold (release states read, nothing cached) and warm, and the HTTP route for a signed-in reader
// (who is not served from the read cache), for the live draft and for the release cut after the amendments.
// Usage: npx tsx bench/provenance.ts [--articles 300] [--amendments 500] [--runs 20]
import { ApiClient } from '../test/helpers/client.js';
import { rulebookMarkdown } from '../test/helpers/draft.js';
import { openConsultation, organiserWithRulebook, personWithRole } from '../test/helpers/fixtures.js';
import { startServer } from '../test/helpers/server.js';
import { findRulebook } from '../server/domain/rulebooks.js';
import { rulebookProvenance } from '../server/domain/provenance.js';
import { percentile } from './fixtures.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const articleCount = arg('articles', 300);
const amendmentCount = arg('amendments', 500);
const runs = arg('runs', 20);

const server = await startServer();
try {
  const { organiser, slug, draft } = await organiserWithRulebook(server, articleCount, rulebookMarkdown(articleCount, 60));
  await openConsultation(organiser, slug);
  const { person: member } = await personWithRole(server, organiser, slug, 'member', 'Member');

  // Every tenth amendment inserts an article (renumbering those after it); the others add a clause to an article.
  const setupStart = performance.now();
  for (let k = 0; k < amendmentCount; k++) {
    const article = draft.articles[(k * 7) % draft.articles.length];
    const current = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/draft`)).body.articles.find((a: { id: string }) => a.id === article.id);
    const proposal = k % 10 === 9
      ? { kind: 'insert', afterArticleId: article.id, title: `Inserted ${k}`, text: `Clause inserted by amendment ${k}.` }
      : { kind: 'modify', articleId: article.id, text: `${current.text} Clause ${k}.` };
    const proposed = await member.post(`/api/rulebooks/${slug}/amendments`, { rationale: 'Bench.', ...proposal });
    if (proposed.status !== 201) throw new Error(`proposal ${k}: ${proposed.status} ${JSON.stringify(proposed.body)}`);
    const decided = await organiser.post(`/api/amendments/${proposed.body.id}/decision`, { decision: 'accept', reason: 'Bench.' });
    if (decided.status !== 200) throw new Error(`decision ${k}: ${decided.status} ${JSON.stringify(decided.body)}`);
  }
  const published = await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' });
  if (published.status !== 201) throw new Error(`release: ${published.status}`);
  const setupMs = performance.now() - setupStart;

  const ctx = server.app.domain;
  const rulebook = await findRulebook(ctx, slug);
  const rows: Record<string, string | number>[] = [];
  for (const version of ['1.0', 'draft']) {
    const coldStart = performance.now();
    const result = await rulebookProvenance(ctx, rulebook, version, null);
    const cold = performance.now() - coldStart;
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await rulebookProvenance(ctx, rulebook, version, null);
      warm.push(performance.now() - t);
    }
    const http: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const res = await organiser.get(`/api/rulebooks/${slug}/provenance?version=${version}`);
      if (res.status !== 200) throw new Error(`GET provenance ${version}: ${res.status}`);
      http.push(performance.now() - t);
    }
    rows.push({
      version,
      articles: result.articles.length,
      origins: result.origins.length,
      runs: result.articles.reduce((n, a) => n + a.runs.length, 0),
      'json KB': Math.round(JSON.stringify(result).length / 1024),
      'domain cold ms': cold.toFixed(1),
      'domain warm p50 ms': percentile(warm, 50).toFixed(1),
      'domain warm p95 ms': percentile(warm, 95).toFixed(1),
      'HTTP p50 ms': percentile(http, 50).toFixed(1),
      'HTTP p95 ms': percentile(http, 95).toFixed(1),
    });
  }
  console.log(`Provenance: ${articleCount} articles imported, ${amendmentCount} amendments accepted (set up in ${(setupMs / 1000).toFixed(1)} s), ${runs} runs each; target < 100 ms`);
  console.table(rows);
} finally {
  await server.close();
}
