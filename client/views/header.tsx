import { useLocation } from 'preact-iso';
import { setLanguage, useI18n, type Language } from '../i18n/index.js';
import { session, signOut } from '../session.js';
import { useStore } from '../store.js';
import { NotificationBell } from './notifications/notification-bell.js';

const LANGUAGES: Language[] = ['fr', 'en'];

/** Two buttons to switch the interface language. */
function LanguageSwitch() {
  const { lang, t } = useI18n();
  return (
    <div class="lang-switch" role="group" aria-label={t('lang.label')} data-testid="language-switch">
      {LANGUAGES.map((code) => (
        <button
          type="button"
          lang={code}
          aria-pressed={lang === code}
          // The accessible name starts with the visible label, so speech users can say what they see (WCAG 2.5.3).
          aria-label={`${code.toUpperCase()} – ${t(`language.${code}`)}`}
          data-testid={`language-${code}`}
          onClick={() => setLanguage(code)}
        >
          {code.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

/** The bar on every page: app name, links, who is signed in, language. */
export function Header() {
  const { t } = useI18n();
  const me = useStore(session);
  const { route } = useLocation();
  const leave = async () => {
    await signOut();
    route('/');
  };
  return (
    <header class="site-header">
      <a class="skip-link" href="#content">
        {t('nav.skip')}
      </a>
      <a href="/" class="brand">
        <span class="brand-mark" aria-hidden="true">A</span>
        {t('app.name')}
      </a>
      <nav class="site-nav" aria-label={t('nav.main')}>
        <a href="/">{t('nav.rulebooks')}</a>
      </nav>
      <div class="site-account">
        {me ? (
          <>
            <NotificationBell />
            <a href="/account" class="who" data-testid="signed-in-as" title={`${t('nav.signedInAs', { name: me.displayName })} — ${t('account.link')}`}>
              {me.displayName}
            </a>
            <button type="button" class="button-quiet" data-testid="sign-out" onClick={leave}>
              {t('nav.signOut')}
            </button>
          </>
        ) : me === null ? (
          <>
            <a href="/signin" data-testid="nav-signin">
              {t('nav.signIn')}
            </a>
            <a href="/signup" class="button button-small" data-testid="nav-signup">
              {t('nav.signUp')}
            </a>
          </>
        ) : null}
      </div>
      <LanguageSwitch />
    </header>
  );
}
