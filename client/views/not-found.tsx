import { useI18n } from '../i18n/index.js';

/** Any URL that is not a page. */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <section class="narrow">
      <h1>{t('notFound.title')}</h1>
      <p>
        <a href="/">{t('notFound.back')}</a>
      </p>
    </section>
  );
}
