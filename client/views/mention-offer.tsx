/** Under the suggestion editor: mentions of articles by number in the copy, each offered as a reference. */
import { useContext, useId, useMemo } from 'preact/hooks';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { useI18n } from '../i18n/index.js';
import { applyMentions, findMentions, mentionLists, type Mention } from '../../shared/doc/mentions.js';
import { DebateContext } from './debate-context.js';

/** Lists offered one by one; "all" takes the rest. */
const SHOWN = 5;

/**
 * "“article 12” can follow renumbering — Make it a reference", for each mention of an article of the live draft
 * (numbers as it has them now) in the member's copy, and "all" when there are several; the reference replaces the
 * words in the copy, where it shows as their change.
 */
export function MentionOffer({ view, state }: { view: EditorView; state: EditorState }) {
  const { t } = useI18n();
  const id = useId();
  const articles = useContext(DebateContext)?.articles;
  const byNumber = useMemo(() => new Map((articles ?? []).map((a) => [a.number, a.id])), [articles]);
  // A list ("articles 3 et 4") is one offer.
  const found = useMemo(() => mentionLists(findMentions(state.doc, byNumber)), [state.doc, byNumber]);
  if (!found.length) return null;

  const make = (chosen: readonly Mention[]) => {
    // Found again in the editor's document as it is now, should it have changed since this was drawn.
    const now = findMentions(view.state.doc, byNumber).filter((m) => chosen.some((c) => c.from === m.from && c.to === m.to && c.target === m.target));
    if (now.length) view.dispatch(applyMentions(view.state.tr, now));
    view.focus();
  };

  return (
    <section class="stack-tight small" aria-label={t('mentions.offerTitle')} data-testid="mention-offer">
      <ul class="stack-tight">
        {found.slice(0, SHOWN).map((list, i) => (
          <li key={list[0]!.from} data-testid="mention-offer-item">
            <span id={`${id}-${i}`}>{t('mentions.offer', { text: state.doc.textBetween(list[0]!.listFrom, list[list.length - 1]!.to).replace(/\s+/g, ' ') })}</span>{' '}
            <button type="button" class="button-quiet" aria-describedby={`${id}-${i}`} data-testid="mention-make" onClick={() => make(list)}>
              {t('mentions.make')}
            </button>
          </li>
        ))}
      </ul>
      {found.length > 1 && (
        <div>
          <button type="button" class="button-quiet" data-testid="mention-make-all" onClick={() => make(found.flat())}>
            {t('mentions.makeAll', { n: found.length })}
          </button>
        </div>
      )}
    </section>
  );
}
