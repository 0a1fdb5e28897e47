import { formatDateTime } from '../format.js';
import type { Language, Translate, TranslatePlural } from '../i18n/index.js';
import type { AuditEntry } from '../../shared/validation/api.js';
import type { Wording } from '../../shared/validation/amendments.js';
import { releaseHref, rulebookHref, type Debate } from './debate-context.js';

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);
const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** What a history entry says and where its subject can be seen. */
export interface EntryDescription {
  sentence: string;
  link: { href: string; label: string } | null;
  /** For a direct edit: what it changed, and its wording before and after (null when it was inserted, or deleted). */
  wording: { heading: string; before: Wording | null; after: Wording | null } | null;
}

type Say = { t: Translate; tn: TranslatePlural; lang: Language; debate: Pick<Debate, 'numberOf' | 'slug'> };

/** "Article 4" / "l’article 4" as the log names it mid-sentence, from its number now or as recorded. */
function articleName({ t, debate }: Say, id: unknown, recorded?: unknown): string {
  const n = number(recorded) ?? (typeof id === 'string' ? debate.numberOf(id) : null);
  return n === null ? t('history.someArticle') : t('history.entry.article', { n });
}

const wordingOf = (value: unknown): Wording | null => {
  const w = value as Partial<Wording> | null;
  return w && typeof w.title === 'string' && typeof w.text === 'string' ? { title: w.title, text: w.text } : null;
};

/** The sentence of a window change: opened now, closed now, set for later, or cleared. */
function windowSentence({ t, lang }: Say, who: string, entry: AuditEntry): string {
  const opens = text(entry.payload.opensAt);
  const closes = text(entry.payload.closesAt);
  if (!opens || !closes) return t('history.windowCleared', { who });
  const at = new Date(entry.createdAt).getTime();
  if (new Date(closes).getTime() <= at) return t('history.entry.windowClosed', { who });
  if (new Date(opens).getTime() <= at) return t('history.entry.windowOpened', { who, to: formatDateTime(lang, closes) });
  return t('history.windowSet', { who, from: formatDateTime(lang, opens), to: formatDateTime(lang, closes) });
}

/** The sentence of an organiser's direct edit of the title, the preamble or a section heading (their wording: one text). */
function partEditSentence({ t }: Say, who: string, entry: AuditEntry): string {
  const p = entry.payload;
  const before = text(p.before);
  const after = text(p.after);
  const counts = { added: number(p.added) ?? 0, removed: number(p.removed) ?? 0 };
  if (p.part === 'title') return after ? t('history.entry.titleChanged', { who, title: after }) : t('history.entry.titleCleared', { who });
  if (p.part === 'preamble') {
    if (p.change === 'inserted') return t('history.entry.preambleAdded', { who });
    if (p.change === 'deleted') return t('history.entry.preambleRemoved', { who });
    return t('history.entry.preambleEdited', { who, ...counts });
  }
  if (p.change === 'inserted') return after ? t('history.entry.sectionAdded', { who, title: after }) : t('history.entry.sectionAddedUntitled', { who });
  if (p.change === 'deleted') return before ? t('history.entry.sectionRemoved', { who, title: before }) : t('history.entry.sectionRemovedUntitled', { who });
  if (!before) return t('history.entry.sectionNamed', { who, title: after ?? '' });
  return after ? t('history.entry.sectionRenamed', { who, before, title: after }) : t('history.entry.sectionCleared', { who, before });
}

/** The sentence of an organiser's direct edit of the draft. */
function editSentence(say: Say, who: string, entry: AuditEntry): string {
  const p = entry.payload;
  if (p.part === 'title' || p.part === 'preamble' || p.part === 'section') return partEditSentence(say, who, entry);
  const article = articleName(say, p.articleId, p.number);
  const title = text(wordingOf(p.after)?.title) ?? text(wordingOf(p.before)?.title);
  if (p.change === 'inserted') return say.t(title ? 'history.entry.articleInserted' : 'history.entry.articleInsertedUntitled', { who, article, title: title ?? '' });
  if (p.change === 'deleted') return say.t(title ? 'history.entry.articleDeleted' : 'history.entry.articleDeletedUntitled', { who, article, title: title ?? '' });
  return say.t('history.entry.articleEdited', { who, article, added: number(p.added) ?? 0, removed: number(p.removed) ?? 0 });
}

/** A person-readable sentence for an audit entry, in the reader's language. */
function sentenceOf(say: Say, entry: AuditEntry): string {
  const { t, tn } = say;
  const p = entry.payload;
  const who = entry.actor?.name || t('history.someone');
  const n = number(p.number);
  const amendment = n === null ? t('history.anAmendment') : t('history.entry.amendment', { n });
  const reason = text(p.reason);
  const withReason = (sentence: string) => (reason ? t('history.withReason', { sentence, reason }) : sentence);
  const article = () => articleName(say, p.articleId);
  switch (entry.type) {
    case 'rulebook.created':
      return t('history.entry.rulebookCreated', { who, title: text(p.title) ?? '' });
    case 'draft.imported': {
      const after = number(p.articles) ?? 0;
      const before = number(p.articlesBefore);
      return before === null ? tn('history.entry.imported', after, { who }) : t('history.entry.importedCounts', { who, before, after });
    }
    case 'draft.edited':
      return editSentence(say, who, entry);
    case 'membership.set':
      if (p.invited) return t('history.entry.joined', { name: text(p.displayName) ?? who, role: t(p.role === 'organiser' ? 'history.roleOrganiser' : 'history.roleMember') });
      return t('history.membership', {
        who,
        name: text(p.displayName) ?? t('history.someone'),
        role: t(p.role === 'organiser' ? 'history.roleOrganiser' : 'history.roleMember'),
      });
    case 'membership.left':
      return t('history.entry.left', { name: text(p.displayName) ?? who });
    case 'membership.removed':
      return t('history.entry.removed', { who, name: text(p.displayName) ?? t('history.someone'), role: t(p.role === 'organiser' ? 'history.roleOrganiser' : 'history.roleMember') });
    case 'participation.set':
      return t('history.entry.participation', { who });
    case 'window.set':
      return windowSentence(say, who, entry);
    case 'comment.created':
      return t(p.parentId ? 'history.commentReplied' : 'history.commentCreated', { who, article: article() });
    case 'comment.edited':
      return t('history.commentEdited', { who, article: article() });
    case 'comment.deleted':
      return t('history.commentDeleted', { who, article: article() });
    case 'comment.hidden':
      if (p.automatic) return tn('history.commentHiddenAutomatically', number(p.reports) ?? 0, { article: article() });
      return withReason(t('history.commentHidden', { who, article: article() }));
    case 'comment.restored':
      return withReason(t('history.commentRestored', { who, article: article() }));
    case 'comment.kept':
      return withReason(t('history.commentKept', { who, article: article() }));
    case 'moderation.auto_hide_set': {
      const after = number(p.autoHideAfter);
      return after === null ? t('history.autoHideCleared', { who }) : tn('history.autoHideSet', after, { who });
    }
    case 'comment.reported':
      return t('history.commentReported', { article: article() });
    case 'amendment.created': {
      if (p.kind === 'insert') {
        return p.afterArticleId
          ? t('history.entry.amendmentInsert', { who, amendment, article: articleName(say, p.afterArticleId) })
          : t('history.entry.amendmentInsertStart', { who, amendment });
      }
      return t(p.kind === 'delete' ? 'history.entry.amendmentDelete' : 'history.entry.amendmentModify', { who, amendment, article: article() });
    }
    case 'amendment.filed':
      return t('history.entry.amendmentFiled', { who, amendment });
    case 'amendment.cosigned':
      return t('history.entry.amendmentCosigned', { who, amendment });
    case 'cosigning.threshold_set': {
      const threshold = number(p.threshold);
      return threshold === null ? t('history.entry.cosignThresholdCleared', { who }) : tn('history.entry.cosignThresholdSet', threshold, { who });
    }
    case 'amendment.edited':
      return t('history.entry.amendmentEdited', { who, amendment });
    case 'amendment.withdrawn':
      return t('history.entry.amendmentWithdrawn', { who, amendment });
    case 'amendment.supported':
      return t('history.entry.amendmentSupported', { who, amendment });
    case 'amendment.unsupported':
      return t('history.entry.amendmentUnsupported', { who, amendment });
    case 'amendment.accepted':
      return withReason(t(p.resolved ? 'history.entry.amendmentAcceptedResolved' : 'history.entry.amendmentAccepted', { who, amendment }));
    case 'amendment.rejected':
      return withReason(p.automatic || !entry.actor ? t('history.entry.amendmentAutoRejected', { n: n ?? '?' }) : t('history.entry.amendmentRejected', { who, amendment }));
    case 'release.published':
      return t('history.entry.released', { who, version: text(p.version) ?? '?' });
    case 'release.official':
      return t('history.entry.official', { who, version: text(p.version) ?? '?' });
    default:
      return t('history.entry.unknown', { who });
  }
}

/** Where an entry's subject can be seen: the amendment, the release, or the article's discussion. */
function linkOf({ t, debate }: Say, entry: AuditEntry): EntryDescription['link'] {
  const p = entry.payload;
  const family = entry.type.split('.')[0];
  if (family === 'amendment' && typeof p.amendmentId === 'string') {
    return { href: rulebookHref(debate.slug, { amendment: p.amendmentId }), label: t('history.entry.seeAmendment', { n: number(p.number) ?? '' }) };
  }
  if (family === 'release' && text(p.version)) return { href: releaseHref(debate.slug, text(p.version)!), label: t('history.entry.seeVersion', { version: text(p.version)! }) };
  if ((family === 'comment' || entry.type === 'draft.edited') && typeof p.articleId === 'string') {
    const now = debate.numberOf(p.articleId);
    if (now === null) return null;
    return { href: rulebookHref(debate.slug, { article: p.articleId }), label: t('history.entry.seeArticle', { n: now }) };
  }
  return null;
}

/** The wording a direct edit changed, headed by what it concerns (a title, preamble or section heading is one text). */
function editedWording({ t }: Say, entry: AuditEntry): EntryDescription['wording'] {
  const p = entry.payload;
  const asText = (value: unknown) => (typeof value === 'string' ? { title: '', text: value } : null);
  if (p.part === 'title') return { heading: t('history.entry.wordingHeadingTitle'), before: asText(p.before), after: asText(p.after) };
  if (p.part === 'preamble') return { heading: t('history.entry.wordingHeadingPreamble'), before: asText(p.before), after: asText(p.after) };
  if (p.part === 'section') return { heading: t('history.entry.wordingHeadingSection'), before: asText(p.before), after: asText(p.after) };
  const article = t('history.entry.article', { n: number(p.number) ?? '?' });
  return { heading: t('history.entry.wordingHeading', { article }), before: wordingOf(p.before), after: wordingOf(p.after) };
}

/** Describe an audit entry for the history: its sentence, its link, and for a direct edit the wording it changed. */
export function describeEntry(say: Say, entry: AuditEntry): EntryDescription {
  const wording = entry.type === 'draft.edited' ? editedWording(say, entry) : null;
  return { sentence: sentenceOf(say, entry), link: linkOf(say, entry), wording };
}
