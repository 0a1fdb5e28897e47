import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api.js';
import { describeError, useI18n, type Language } from '../i18n/index.js';
import { FormError } from './form-error.js';
import { slugify } from './slug.js';
import { useAction } from './use-action.js';
import { TextLimit } from '../../shared/validation/limits.js';

const LANGUAGES: Language[] = ['fr', 'en'];

/** Start a new rulebook: title, an address derived from it (editable), language; then open it. */
export function CreateRulebookForm() {
  const { t, lang } = useI18n();
  const { route } = useLocation();
  const [title, setTitle] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [language, setLanguage] = useState<string>(lang);
  const { busy, error, run } = useAction(describeError);

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const created = await api.createRulebook({ slug, title: title.trim(), language });
      route(`/r/${created.slug}`);
    });
  };

  return (
    <form class="card stack" onSubmit={submit} data-testid="create-rulebook-form">
      <h2>{t('create.title')}</h2>
      <label class="field">
        <span>{t('create.fieldTitle')}</span>
        <input
          name="title"
          required
          maxLength={TextLimit.rulebookTitle}
          value={title}
          onInput={(e) => {
            setTitle(e.currentTarget.value);
            if (!slugEdited) setSlug(slugify(e.currentTarget.value));
          }}
        />
      </label>
      <div class="field-row">
        <label class="field grow">
          <span>{t('create.fieldSlug')}</span>
          <input
            name="slug"
            required
            pattern="[a-z0-9][a-z0-9\-]{1,62}[a-z0-9]"
            aria-describedby="slug-hint"
            value={slug}
            onInput={(e) => {
              setSlug(e.currentTarget.value);
              setSlugEdited(e.currentTarget.value !== '');
            }}
          />
          <small id="slug-hint">{t('create.slugHint')}</small>
        </label>
        <label class="field">
          <span>{t('create.fieldLanguage')}</span>
          <select name="language" value={language} onChange={(e) => setLanguage(e.currentTarget.value)}>
            {LANGUAGES.map((code) => (
              <option value={code}>{t(`language.${code}`)}</option>
            ))}
          </select>
        </label>
      </div>
      <FormError message={error} />
      <div>
        <button type="submit" class="button" disabled={busy} data-testid="create-rulebook-submit">
          {t('create.submit')}
        </button>
      </div>
    </form>
  );
}
