import { diffArrays } from 'diff';
import type { Node } from 'prosemirror-model';
import { diffWords } from './diff.js';
import { diffContent } from './tracked.js';
import { richBlocks } from './view.js';
import type { DraftArticle, DraftView } from '../validation/api.js';
import type { ArticleChange, ArticleDiff, VersionDiff } from '../validation/diff.js';

const changed = (a: string, b: string) => (a === b ? null : diffWords(a, b));

/** The formatted body blocks of a version's articles, by id (a release's Yjs state, or the live draft). */
export type ArticleBodies = (articleId: string) => readonly Node[] | undefined;

/** An article's blocks when they read as its text in the view (a release's view and state agree). */
const bodyOf = (bodies: ArticleBodies | undefined, a: DraftArticle) => richBlocks(bodies?.(a.id), a.text);

const sameBlocks = (a: readonly Node[], b: readonly Node[]) => a.length === b.length && a.every((block, i) => block.eq(b[i]!));

/** The text diff of an article in both versions: with marks when both bodies are at hand, so formatting alone is a change. */
function textChange(a: DraftArticle, b: DraftArticle, bodies: { from?: ArticleBodies; to?: ArticleBodies }) {
  const before = bodyOf(bodies.from, a);
  const after = bodyOf(bodies.to, b);
  if (!before || !after) return changed(a.text, b.text);
  return sameBlocks(before, after) ? null : diffContent(before, after);
}

/**
 * Compare two versions article by article, matching articles by their stable id, so an article renumbered
 * because another was inserted before it is `renumbered`, not removed and added. Precedence when several
 * apply: modified, then moved, then renumbered. With the versions' formatted `bodies`, an article whose bold,
 * italic or lists changed is modified, and its runs carry their marks; one whose only change is a reference reading
 * another number (the article it names was renumbered) is renumbered, with `references` counting them.
 */
export function diffVersions(from: DraftView, to: DraftView, bodies: { from?: ArticleBodies; to?: ArticleBodies } = {}): VersionDiff {
  const before = new Map(from.articles.map((a) => [a.id, a]));
  const after = new Map(to.articles.map((a) => [a.id, a]));
  const commonFrom = from.articles.filter((a) => after.has(a.id)).map((a) => a.id);
  const commonTo = to.articles.filter((a) => before.has(a.id)).map((a) => a.id);
  // Articles outside the longest common subsequence of the shared order are the ones that moved.
  const stayed = new Set(diffArrays(commonFrom, commonTo).filter((c) => !c.added && !c.removed).flatMap((c) => c.value));

  const entry = (a: DraftArticle | undefined, b: DraftArticle | undefined): ArticleDiff => {
    const id = (a ?? b)!.id;
    const renumbered = !!a && !!b && a.number !== b.number;
    const moved = !!a && !!b && !stayed.has(id);
    const titleDiff = a && b ? changed(a.title, b.title) : diffWords(a?.title ?? '', b?.title ?? '');
    const textDiff = a && b ? textChange(a, b, bodies) : diffWords(a?.text ?? '', b?.text ?? '');
    // References that read another number only because their articles were renumbered change no words.
    const references = a && b ? (textDiff ?? []).filter((run) => run.was !== undefined).length : 0;
    const reworded = !!textDiff && textDiff.some((run) => run.op !== 'equal');
    const status: ArticleChange = !a
      ? 'added'
      : !b
        ? 'removed'
        : titleDiff || reworded
          ? 'modified'
          : moved
            ? 'moved'
            : renumbered || references
              ? 'renumbered'
              : 'unchanged';
    return {
      id,
      status,
      fromNumber: a?.number ?? null,
      toNumber: b?.number ?? null,
      fromTitle: a?.title ?? null,
      toTitle: b?.title ?? null,
      title: titleDiff,
      text: textDiff,
      moved,
      renumbered,
      references,
    };
  };

  const articles: ArticleDiff[] = [];
  const removedAfter = new Map<string | null, DraftArticle[]>();
  let previous: string | null = null;
  for (const a of from.articles) {
    if (!after.has(a.id)) removedAfter.set(previous, [...(removedAfter.get(previous) ?? []), a]);
    else previous = a.id;
  }
  const pushRemoved = (key: string | null) => (removedAfter.get(key) ?? []).forEach((a) => articles.push(entry(a, undefined)));
  pushRemoved(null);
  for (const b of to.articles) {
    articles.push(entry(before.get(b.id), b));
    pushRemoved(b.id);
  }
  // Removed articles whose predecessor was itself removed or moved away still appear once.
  const listed = new Set(articles.map((a) => a.id));
  for (const a of from.articles) if (!listed.has(a.id)) articles.push(entry(a, undefined));

  const summary: Record<ArticleChange, number> = { added: 0, removed: 0, modified: 0, moved: 0, renumbered: 0, unchanged: 0 };
  for (const a of articles) summary[a.status]++;
  return { summary, title: changed(from.title, to.title), preamble: changed(from.preamble, to.preamble), articles };
}
