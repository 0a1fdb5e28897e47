/** Rewording one's amendment in the suggestion editor, its changes tracked against the article it was proposed on. */
import { useMemo, useState } from 'preact/hooks';
import type { EditorState } from 'prosemirror-state';
import { api } from '../api.js';
import { useI18n } from '../i18n/index.js';
import type { AmendmentDetail } from '../../shared/validation/amendments.js';
import { TextLimit } from '../../shared/validation/limits.js';
import { blocksToContent, contentToBlocks, type ArticleContent } from '../../shared/doc/content.js';
import { newNodeId } from '../../shared/doc/ids.js';
import { textToBlocks } from '../../shared/doc/text.js';
import { articleParts, suggestionDoc, type ArticleWording } from '../editor/suggestion-doc.js';
import { FormError } from './form-error.js';
import { useAction } from './use-action.js';
import { changeSummary, SuggestionEditor } from './suggestion-editor.js';

/** A wording from its structured content, or from its plain text for an amendment made before content was kept. */
function wordingOf(title: string | null, content: ArticleContent | null, text: string | null): ArticleWording {
  return { title: title ?? '', blocks: (content && contentToBlocks(content)) ?? textToBlocks(text ?? '') };
}

/** The author's form to reword their amendment while nobody supports it yet (a deletion: its rationale only). */
export function EditAmendmentForm({ amendment, onDone, onCancel }: { amendment: AmendmentDetail; onDone: () => void; onCancel: () => void }) {
  const { t, tn } = useI18n();
  const [rationale, setRationale] = useState(amendment.rationale);
  const [state, setState] = useState<EditorState | null>(null);
  const { busy, error, run } = useAction();
  const base = useMemo(
    () => (amendment.kind === 'modify' ? wordingOf(amendment.baseTitle, amendment.baseContent, amendment.baseText) : null),
    [amendment.id],
  );
  const doc = useMemo(
    () => (amendment.kind === 'delete' ? null : suggestionDoc(amendment.articleId ?? newNodeId('article'), wordingOf(amendment.title, amendment.content, amendment.text))),
    [amendment.id],
  );

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const wording = state && doc ? articleParts(state.doc) : null;
      await api.editAmendment(amendment.id, {
        ...(wording ? { title: wording.title.trim(), content: blocksToContent(wording.blocks) } : {}),
        rationale: rationale.trim(),
      });
      onDone();
    });
  };
  return (
    <form class="card stack-tight" onSubmit={submit} data-testid="amendment-edit-form">
      <h3>{t('detail.editTitle', { n: amendment.number })}</h3>
      {doc && (
        <SuggestionEditor
          doc={doc}
          base={base}
          label={t('detail.editTitle', { n: amendment.number })}
          select={null}
          autoFocus
          onChange={setState}
        />
      )}
      {base && state && (
        <p class="sg-summary" role="status" data-testid="suggestion-summary">
          {changeSummary(t, tn, state, base)}
        </p>
      )}
      <label class="field">
        <span>{t('propose.fieldRationale')}</span>
        <textarea rows={3} value={rationale} required maxLength={TextLimit.rationale} onInput={(e) => setRationale(e.currentTarget.value)} />
      </label>
      <FormError message={error} />
      <div class="button-row">
        <button type="submit" class="button button-small" disabled={busy || !rationale.trim()}>
          {t('detail.save')}
        </button>
        <button type="button" class="button-quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
