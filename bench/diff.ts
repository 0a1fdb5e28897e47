// Version diff: Amendo's article-matched diff of two 300-article versions, next to a plain word diff of the
// whole text (jsdiff's diffWords, what a generic tool would do), on the same generated French rulebook.
// Usage: npx tsx bench/diff.ts [--runs 20] [--articles 300]
import { cpus } from 'node:os';
import { diffWords as jsdiffWords } from 'diff';
import { diffVersions } from '../shared/doc/version-diff.js';
import type { DraftView } from '../shared/validation/api.js';
import { generateRulebook } from './generated-rulebook.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg('runs', 20);
const articleCount = arg('articles', 300);
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** The next version: 10% of articles reworded, 3 inserted near the start (renumbering the rest), 2 removed, 1 moved. */
function nextVersion(view: DraftView): DraftView {
  const articles = view.articles.map((a, i) => (i % 10 === 3 ? { ...a, text: a.text.replace(/la /g, 'toute ').replace(/\.$/, ', sauf décision contraire.') } : { ...a }));
  articles.splice(5, 0, ...[1, 2, 3].map((k) => ({ id: `new${k}`, number: 0, title: `Nouvel article ${k}`, text: 'Le présent article entre en vigueur le 1er janvier.', section: articles[5]!.section })));
  articles.splice(100, 2);
  const [moved] = articles.splice(200, 1);
  articles.splice(20, 0, moved!);
  return { ...view, articles: articles.map((a, i) => ({ ...a, number: i + 1 })) };
}

const wholeText = (view: DraftView) => view.articles.map((a) => `Article ${a.number} – ${a.title}\n\n${a.text}`).join('\n\n');

const from = generateRulebook(articleCount);
const to = nextVersion(from);
const time = (fn: () => unknown) => {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return samples;
};
const amendo = time(() => diffVersions(from, to));
const plain = time(() => jsdiffWords(wholeText(from), wholeText(to)));
const summary = diffVersions(from, to).summary;
const plainChanges = jsdiffWords(wholeText(from), wholeText(to)).filter((c) => c.added || c.removed).length;

const words = from.articles.reduce((n, a) => n + a.text.split(/\s+/).length, 0);
console.log(`\nVersion diff — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}`);
console.log(`${articleCount} articles, ${words.toLocaleString('en')} words; ${runs} runs each\n`);
console.log('| diff | p50 (ms) | p99 (ms) | what it reports |');
console.log('| --- | ---: | ---: | --- |');
console.log(`| Amendo \`diffVersions\` (by article id, word runs) | ${percentile(amendo, 50).toFixed(1)} | ${percentile(amendo, 99).toFixed(1)} | ${summary.modified} modified, ${summary.added} added, ${summary.removed} removed, ${summary.moved} moved, ${summary.renumbered} renumbered, ${summary.unchanged} unchanged |`);
console.log(`| jsdiff \`diffWords\` on the whole text | ${percentile(plain, 50).toFixed(1)} | ${percentile(plain, 99).toFixed(1)} | ${plainChanges} inserted/deleted runs, every renumbered heading among them |`);
