/** Suggestion mode: change an article in place, add one after it or delete it, then send it as an amendment. */
import { useLayoutEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import type { EditorState } from 'prosemirror-state';
import { api } from '../api.js';
import { useI18n } from '../i18n/index.js';
import type { Amendment, AmendmentKind, ProposeAmendmentBody } from '../../shared/validation/amendments.js';
import { TextLimit } from '../../shared/validation/limits.js';
import { blocksToContent } from '../../shared/doc/content.js';
import { newNodeId } from '../../shared/doc/ids.js';
import { articleParts, suggestionDoc, type ArticleWording } from '../editor/suggestion-doc.js';
import { FormError } from './form-error.js';
import { LengthHint } from './length-hint.js';
import { useDebate, type ArticleRef } from './debate-context.js';
import { useAction } from './use-action.js';
import { changeSummary, SuggestionEditor } from './suggestion-editor.js';
import { StruckArticle } from './suggestion-parts.js';

const KINDS: readonly AmendmentKind[] = ['modify', 'insert', 'delete'];

interface SuggestionDialogProps {
  article: ArticleRef;
  /** The article's wording in the live draft when suggestion mode opened. */
  base: ArticleWording;
  /** The choice it opens on. */
  kind: AmendmentKind;
  /** The passage selected in the draft, selected in the copy too. */
  quote: string | null;
  onDone: (created: Amendment) => void;
  onClose: () => void;
}

/**
 * The suggestion dialog: three choices (change, new article after, delete); the change is the member's own copy
 * of the article with its insertions and deletions tracked live, counted in a summary the send button refers to.
 * Escape or Cancel close it, after a confirmation once something was written.
 */
export function SuggestionDialog({ article, base, kind: initialKind, quote, onDone, onClose }: SuggestionDialogProps) {
  const { t, tn } = useI18n();
  const { slug } = useDebate();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const rationaleField = useRef<HTMLTextAreaElement>(null);
  const [kind, setKind] = useState(initialKind);
  // Each editor is mounted once chosen and kept, so going back to a choice finds it as it was left.
  const [shown, setShown] = useState<ReadonlySet<AmendmentKind>>(new Set([initialKind]));
  const [rationale, setRationale] = useState('');
  const [asDraft, setAsDraft] = useState(false);
  const [states, setStates] = useState<Partial<Record<AmendmentKind, EditorState>>>({});
  const { busy, error, run } = useAction();
  const docs = useMemo(() => ({ modify: suggestionDoc(article.id, base), insert: suggestionDoc(newNodeId('article'), { title: '', blocks: [] }) }), []);

  useLayoutEffect(() => {
    const element = dialog.current!;
    element.showModal();
    if (initialKind === 'delete') rationaleField.current?.focus();
    return () => element.close();
  }, []);

  const changed = (which: 'modify' | 'insert') => !!states[which] && !states[which].doc.eq(docs[which]);
  const dirty = changed('modify') || changed('insert') || rationale.trim() !== '';
  const close = () => {
    if (busy) return;
    if (dirty && !window.confirm(t('suggestion.discardConfirm'))) return;
    onClose();
  };

  const wording = kind === 'delete' ? null : states[kind] ? articleParts(states[kind].doc) : null;
  const summary =
    kind === 'delete'
      ? t('propose.deleteHelp', { n: article.number })
      : kind === 'modify'
        ? states.modify
          ? changeSummary(t, tn, states.modify, base)
          : ''
        : wording && (wording.title.trim() || changed('insert'))
          ? t('suggestion.newArticleSummary', { n: article.number + 1 })
          : t('suggestion.insertEmpty');
  const ready = kind === 'delete' || (kind === 'modify' ? changed('modify') : !!wording?.title.trim() && wording.blocks.some((b) => b.textContent.trim()));

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const reason = rationale.trim();
      const title = wording?.title.trim() ?? '';
      const content = wording ? blocksToContent(wording.blocks) : [];
      const body: ProposeAmendmentBody =
        kind === 'modify'
          ? // What it was written from: if the article changed meanwhile, the server merges rather than undo that change.
            { kind, articleId: article.id, ...(title ? { title } : {}), content, basedOn: { title: base.title, content: blocksToContent(base.blocks) }, rationale: reason }
          : kind === 'insert'
            ? { kind, afterArticleId: article.id, title, content, rationale: reason }
            : { kind, articleId: article.id, rationale: reason };
      onDone(await api.createAmendment(slug, { ...body, ...(asDraft ? { draft: true } : {}) }));
    });
  };

  const choose = (next: AmendmentKind) => {
    setKind(next);
    setShown((before) => new Set([...before, next]));
  };

  return (
    <dialog
      ref={dialog}
      class="confirm-dialog sg-dialog"
      aria-labelledby={`${id}-title`}
      aria-busy={busy}
      data-testid="suggestion-dialog"
      data-kind={kind}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onKeyDown={(event) => {
        // Handled here, not by the article panel around (which Escape closes) nor by the dialog's own cancel.
        if (event.key !== 'Escape') return;
        event.preventDefault();
        event.stopPropagation();
        close();
      }}
    >
      <form class="confirm-dialog-frame" onSubmit={submit}>
        <h2 id={`${id}-title`} class="confirm-dialog-title">
          {t('suggestion.title', { n: article.number })}
        </h2>
        <div class="confirm-dialog-body">
          <fieldset class="sg-choices">
            <legend class="visually-hidden">{t('suggestion.choices')}</legend>
            {KINDS.map((choice) => (
              <label key={choice} class="sg-choice">
                <input type="radio" name={`${id}-kind`} value={choice} checked={kind === choice} data-testid={`suggestion-kind-${choice}`} onChange={() => choose(choice)} />
                <span>{t(`suggestion.kind.${choice}`)}</span>
              </label>
            ))}
          </fieldset>
          {kind === 'modify' && quote && (
            <figure class="propose-quote" data-testid="propose-quote">
              <figcaption class="small muted">{t('propose.quoteCaption')}</figcaption>
              <blockquote class="comment-quote">{quote}</blockquote>
            </figure>
          )}
          {(['modify', 'insert'] as const).map(
            (which) =>
              shown.has(which) && (
                <div key={which} hidden={kind !== which} class="stack-tight">
                  <p class="small muted">{t(which === 'modify' ? 'suggestion.modifyHelp' : 'suggestion.insertHelp')}</p>
                  <SuggestionEditor
                    doc={docs[which]}
                    base={which === 'modify' ? base : null}
                    label={t(which === 'modify' ? 'suggestion.editorLabel' : 'suggestion.newEditorLabel', { n: article.number })}
                    select={which === 'modify' ? quote : null}
                    autoFocus={which === initialKind}
                    onChange={(state) => setStates((before) => ({ ...before, [which]: state }))}
                  />
                </div>
              ),
          )}
          {kind === 'delete' && <StruckArticle wording={base} />}
          <p id={`${id}-summary`} class="sg-summary" role="status" data-testid="suggestion-summary">
            {summary}
          </p>
          <label class="field">
            <span>{t('propose.fieldRationale')}</span>
            <textarea
              ref={rationaleField}
              name="rationale"
              rows={3}
              required
              maxLength={TextLimit.rationale}
              aria-describedby={`${id}-rationale-hint`}
              value={rationale}
              onInput={(e) => setRationale(e.currentTarget.value)}
            />
            <small id={`${id}-rationale-hint`}>{t('propose.rationaleHint')}</small>
          </label>
          <LengthHint value={rationale} limit={TextLimit.rationale} />
          <label class="checkbox">
            <input type="checkbox" checked={asDraft} data-testid="propose-as-draft" onChange={(e) => setAsDraft(e.currentTarget.checked)} />
            <span>{t('propose.asDraft')}</span>
          </label>
        </div>
        <div class="confirm-dialog-foot">
          <FormError message={error} />
          <div class="button-row">
            <button type="button" class="button-quiet" disabled={busy} data-testid="suggestion-cancel" onClick={close}>
              {t('common.cancel')}
            </button>
            <button type="submit" class="button" disabled={busy || !ready || !rationale.trim()} aria-describedby={`${id}-summary`} data-testid="propose-submit">
              {t(`propose.${kind}Submit`)}
            </button>
          </div>
        </div>
      </form>
    </dialog>
  );
}
