import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { describeDebateError, useI18n } from '../i18n/index.js';
import { useRulebookEvent } from '../events.js';
import type { AuditEntry, AuditVerification } from '../../shared/validation/api.js';
import { TimeStamp } from './debate-bits.js';
import { useDebate } from './debate-context.js';
import { DiffBlock } from './diff-view.js';
import { describeEntry, type EntryDescription } from './history-sentences.js';
import { diffWords } from '../../shared/doc/diff.js';
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

/** The wording an organiser changed directly, as a phrase diff, behind a disclosure. */
function EditedWording({ wording }: { wording: NonNullable<EntryDescription['wording']> }) {
  const { t } = useI18n();
  const before = wording.before ?? { title: '', text: '' };
  const after = wording.after ?? { title: '', text: '' };
  return (
    <details class="history-wording" data-testid="history-wording">
      <summary>{t('history.entry.showWording')}</summary>
      <DiffBlock
        heading={wording.heading}
        title={before.title === after.title ? null : diffWords(before.title, after.title)}
        text={diffWords(before.text, after.text)}
        testid="history-wording-diff"
      />
    </details>
  );
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
  const { t, tn, lang } = useI18n();
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
              const { sentence, link, wording } = describeEntry({ t, tn, lang, debate }, entry);
              return (
                <li key={entry.number} class={`history-entry history-${entry.type.split('.')[0]}`} data-testid="history-entry" data-type={entry.type} data-number={entry.number}>
                  <span class="history-dot" aria-hidden="true" />
                  <div class="history-body">
                    <p class="history-text">{sentence}</p>
                    <p class="history-meta">
                      <TimeStamp iso={entry.createdAt} /> · <span title={entry.hash}>{t('history.entry.number', { n: entry.number })}</span>
                      {link && (
                        <>
                          {' · '}
                          <a href={link.href}>{link.label}</a>
                        </>
                      )}
                    </p>
                    {wording && <EditedWording wording={wording} />}
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
