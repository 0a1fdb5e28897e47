import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { describeError, useI18n } from '../i18n/index.js';
import { FormError } from './form-error.js';
import { MentionsChoice, type MentionsFound } from './mention-import-choice.js';
import { useAction } from './use-action.js';
import { TextLimit } from '../../shared/validation/limits.js';

/** Replace the whole draft with rules written in Markdown (organisers), after confirmation. */
export function ImportPanel({ slug }: { slug: string }) {
  const { t } = useI18n();
  const [markdown, setMarkdown] = useState('');
  const { busy, error, run } = useAction(describeError);
  const [done, setDone] = useState<string | null>(null);
  const [found, setFound] = useState<MentionsFound | null>(null);
  const [references, setReferences] = useState(true);

  // Once typing pauses, the mentions an import could turn into references, read by the parser the server uses.
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      void import('../../shared/doc/markdown.js').then(({ markdownMentions }) => {
        if (current) setFound({ markdown, mentions: markdownMentions(markdown) });
      });
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [markdown]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!window.confirm(t('import.confirm'))) return;
    setDone(null);
    void run(async () => {
      // Checked by default: sent even before the mentions are counted, it changes nothing where there are none.
      const draft = await api.importDraft(slug, markdown, references);
      setDone(t('import.done', { count: draft.articles.length }));
      setMarkdown('');
    });
  };

  return (
    <form class="stack" onSubmit={submit} data-testid="import-form">
      <h3>{t('import.title')}</h3>
      <p class="muted small" id="import-help">
        {t('import.help')}
      </p>
      <label class="field">
        <span>{t('import.field')}</span>
        <textarea
          name="markdown"
          rows={10}
          required
          maxLength={TextLimit.importMarkdown}
          spellcheck={false}
          aria-describedby="import-help"
          placeholder={'# …\n\n## Article 1 – …\n…'}
          value={markdown}
          onInput={(e) => setMarkdown(e.currentTarget.value)}
        />
      </label>
      {found?.markdown === markdown && <MentionsChoice mentions={found.mentions} checked={references} onChange={setReferences} />}
      <FormError message={error} />
      {done && (
        <p class="form-success" role="status" data-testid="import-done">
          {done}
        </p>
      )}
      <div>
        <button type="submit" class="button" disabled={busy || !markdown.trim()} data-testid="import-submit">
          {t('import.submit')}
        </button>
      </div>
    </form>
  );
}
