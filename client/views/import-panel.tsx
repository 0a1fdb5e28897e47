import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { describeError, useI18n } from '../i18n/index.js';
import { FormError } from './form-error.js';
import { useAction } from './use-action.js';
import { TextLimit } from '../../shared/validation/limits.js';

/** Replace the whole draft with rules written in Markdown (organisers), after confirmation. */
export function ImportPanel({ slug }: { slug: string }) {
  const { t } = useI18n();
  const [markdown, setMarkdown] = useState('');
  const { busy, error, run } = useAction(describeError);
  const [done, setDone] = useState<string | null>(null);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!window.confirm(t('import.confirm'))) return;
    setDone(null);
    void run(async () => {
      const draft = await api.importDraft(slug, markdown);
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
