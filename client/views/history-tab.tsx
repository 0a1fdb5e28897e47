import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { describeDebateError, useI18n, type Translate } from '../i18n/index.js';
import { useRulebookEvent } from '../events.js';
import { formatDateTime } from '../format.js';
import type { Language } from '../i18n/index.js';
import type { AuditEntry, AuditVerification } from '../../shared/validation/api.js';
import { TimeStamp } from './debate-bits.js';
import { rulebookHref, useDebate, type Debate } from './debate-context.js';
import { useResource } from './use-resource.js';
import { useAction } from './use-action.js';

const PAGE_SIZE = 200;
/** Stop following pages after this many entries; the tab then says it shows the earliest part only. */
const MAX_ENTRIES = 5000;
const SHOWN_STEP = 30;

/** Every audit entry, oldest first, following `next` to the end (or to `MAX_ENTRIES`). */
async function loadWholeLog(slug: string): Promise<{ entries: AuditEntry[]; complete: boolean }> {
  const entries: AuditEntry[] = [];
  let after = 0;
  for (;;) {
    const page = await api.audit(slug, after, PAGE_SIZE);
    entries.push(...page.entries);
    if (page.next === null || page.entries.length === 0) return { entries, complete: true };
    if (entries.length >= MAX_ENTRIES) return { entries, complete: false };
    after = page.next;
  }
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);
const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** "Article 4", or "an article" when the draft no longer has it. */
function articleName(t: Translate, debate: Pick<Debate, 'numberOf'>, id: unknown): string {
  const n = typeof id === 'string' ? debate.numberOf(id) : null;
  return n === null ? t('history.someArticle') : t('amendment.article', { n });
}

/** A person-readable sentence for an audit entry; unknown types and missing fields degrade to plainer words. */
export function describeAuditEntry(t: Translate, lang: Language, debate: Pick<Debate, 'numberOf'>, entry: AuditEntry): string {
  const p = entry.payload;
  const who = entry.actor?.name || t('history.someone');
  const n = number(p.number);
  const amendment = n === null ? t('history.anAmendment') : `#${n}`;
  const reason = text(p.reason);
  const withReason = (sentence: string) => (reason ? t('history.withReason', { sentence, reason }) : sentence);
  switch (entry.type) {
    case 'membership.set':
      return t('history.membership', {
        who,
        name: text(p.displayName) ?? t('history.someone'),
        role: t(p.role === 'organiser' ? 'history.roleOrganiser' : 'history.roleMember'),
      });
    case 'window.set':
      return text(p.opensAt) && text(p.closesAt)
        ? t('history.windowSet', { who, from: formatDateTime(lang, text(p.opensAt)), to: formatDateTime(lang, text(p.closesAt)) })
        : t('history.windowCleared', { who });
    case 'comment.created':
      return t(p.parentId ? 'history.commentReplied' : 'history.commentCreated', { who, article: articleName(t, debate, p.articleId) });
    case 'comment.edited':
      return t('history.commentEdited', { who, article: articleName(t, debate, p.articleId) });
    case 'comment.deleted':
      return t('history.commentDeleted', { who, article: articleName(t, debate, p.articleId) });
    case 'comment.hidden':
      return withReason(t('history.commentHidden', { who, article: articleName(t, debate, p.articleId) }));
    case 'comment.reported':
      return t('history.commentReported', { article: articleName(t, debate, p.articleId) });
    case 'amendment.created': {
      if (p.kind === 'insert') {
        const after = p.afterArticleId ? articleName(t, debate, p.afterArticleId) : null;
        return after ? t('history.amendmentInsert', { who, amendment, article: after }) : t('history.amendmentInsertStart', { who, amendment });
      }
      const key = p.kind === 'delete' ? 'history.amendmentDelete' : 'history.amendmentModify';
      return t(key, { who, amendment, article: articleName(t, debate, p.articleId) });
    }
    case 'amendment.edited':
      return t('history.amendmentEdited', { who, amendment });
    case 'amendment.withdrawn':
      return t('history.amendmentWithdrawn', { who, amendment });
    case 'amendment.supported':
      return t('history.amendmentSupported', { who, amendment });
    case 'amendment.unsupported':
      return t('history.amendmentUnsupported', { who, amendment });
    case 'amendment.accepted':
      return withReason(t(p.resolved ? 'history.amendmentAcceptedResolved' : 'history.amendmentAccepted', { who, amendment }));
    case 'amendment.rejected':
      return withReason(p.automatic || !entry.actor ? t('history.amendmentAutoRejected', { amendment }) : t('history.amendmentRejected', { who, amendment }));
    default:
      return t('history.other', { who, type: entry.type });
  }
}

/** Where an entry's subject can be seen: the amendment, or the article's discussion. */
function entryLink(slug: string, entry: AuditEntry): string | null {
  const p = entry.payload;
  if (entry.type.startsWith('amendment.') && typeof p.amendmentId === 'string') return rulebookHref(slug, { amendment: p.amendmentId });
  if (entry.type.startsWith('comment.') && typeof p.articleId === 'string') return rulebookHref(slug, { article: p.articleId });
  return null;
}

/** Recompute the hash chain on the server and show its head. */
function VerifyChain({ slug }: { slug: string }) {
  const { t, tn } = useI18n();
  const [result, setResult] = useState<AuditVerification | null>(null);
  const { busy, error, run } = useAction();
  const verify = () => run(async () => setResult(await api.verifyAudit(slug)));
  return (
    <div class="verify">
      <button type="button" class="button-quiet" disabled={busy} data-testid="verify-chain" onClick={verify}>
        {busy ? t('history.verifying') : t('history.verify')}
      </button>
      <div role="status" aria-live="polite">
        {error && <p class="form-error">{error}</p>}
        {result && (
          <div class={`verify-result ${result.ok ? 'is-ok' : 'is-broken'}`} data-testid="verify-result" data-ok={String(result.ok)}>
            <p>
              <strong>{result.ok ? tn('history.chainOk', result.entries) : t('history.chainBroken', { seq: result.brokenAt ?? '?' })}</strong>
            </p>
            <p class="small">
              {t('history.head')} <code class="hash" data-testid="chain-head">{result.head}</code>
            </p>
          </div>
        )}
      </div>
    </div>
  );
}

/** The History tab: the audit log in words, newest first, a page at a time, and the chain check. */
export function HistoryTab() {
  const { t, lang } = useI18n();
  const debate = useDebate();
  const { slug } = debate;
  const log = useResource(() => loadWholeLog(slug), [slug]);
  const [shown, setShown] = useState(SHOWN_STEP);
  useRulebookEvent(log.reload);
  const newestFirst = log.data ? [...log.data.entries].reverse() : [];

  return (
    <section class="tab-panel" aria-labelledby="history-heading" data-testid="history-tab">
      <div class="tab-panel-head">
        <h2 id="history-heading">{t('history.title')}</h2>
        <p class="muted">{t('history.intro')}</p>
      </div>
      <VerifyChain slug={slug} />
      {log.error && !log.data ? (
        <p class="form-error" role="alert">
          {describeDebateError(t, log.error)}
        </p>
      ) : !log.data ? (
        <p class="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      ) : newestFirst.length === 0 ? (
        <p class="muted">{t('history.empty')}</p>
      ) : (
        <>
          {!log.data.complete && <p class="notice">{t('history.partial', { n: log.data.entries.length })}</p>}
          <ol class="history-list" data-testid="history-list">
            {newestFirst.slice(0, shown).map((entry) => {
              const link = entryLink(slug, entry);
              return (
                <li key={entry.seq} class={`history-entry history-${entry.type.split('.')[0]}`} data-testid="history-entry" data-type={entry.type}>
                  <span class="history-dot" aria-hidden="true" />
                  <div class="history-body">
                    <p class="history-text">{describeAuditEntry(t, lang, debate, entry)}</p>
                    <p class="history-meta">
                      <TimeStamp iso={entry.createdAt} /> · <span title={entry.hash}>{t('history.seq', { n: entry.seq })}</span>
                      {link && (
                        <>
                          {' · '}
                          <a href={link}>{t('history.see')}</a>
                        </>
                      )}
                    </p>
                  </div>
                </li>
              );
            })}
          </ol>
          {shown < newestFirst.length && (
            <button type="button" class="button-quiet" data-testid="history-more" onClick={() => setShown(shown + SHOWN_STEP)}>
              {t('history.more', { n: Math.min(SHOWN_STEP, newestFirst.length - shown) })}
            </button>
          )}
        </>
      )}
    </section>
  );
}
