import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api.js';
import { describeError, language, useI18n } from '../i18n/index.js';
import { session } from '../session.js';
import { FormError } from './form-error.js';
import type { Account } from '../../shared/validation/account.js';
import { TextLimit } from '../../shared/validation/limits.js';
import { NewPasswordField } from './new-password-field.js';

/** Where to go after signing in: the `next` page of this site if given, else the list. */
function nextPage(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Submit state of the sign-in form; on success the person is remembered and sent on. */
function useAuthSubmit(send: () => Promise<Account>) {
  const { t } = useI18n();
  const { route, query } = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      session.set(await send());
      route(nextPage(query.next));
    } catch (err) {
      setError(describeError(t, err));
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

/** `/signin`: email and password. */
export function SignInPage() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useAuthSubmit(() => api.login({ email: email.trim(), password }));
  return (
    <section class="narrow card">
      <h1>{t('signin.title')}</h1>
      <form class="stack" onSubmit={submit} data-testid="signin-form">
        <label class="field">
          <span>{t('field.email')}</span>
          <input type="email" name="email" autocomplete="email" required maxLength={TextLimit.email} value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t('field.password')}</span>
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            maxLength={TextLimit.password}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <FormError message={error} />
        <button type="submit" class="button" disabled={busy} data-testid="signin-submit">
          {t('signin.submit')}
        </button>
      </form>
      <p class="aside">
        <a href="/forgot-password" data-testid="forgot-password">
          {t('signin.forgot')}
        </a>
      </p>
      <p class="aside">
        {t('signin.noAccount')} <a href="/signup">{t('nav.signUp')}</a>
      </p>
    </section>
  );
}

/**
 * `/signup`: name, email and password (at least 10 characters). On success it says to check one's mail: the
 * account is usable once the mailed link is followed (the answer is the same for an address already in use).
 */
export function SignUpPage() {
  const { t } = useI18n();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [mailedTo, setMailedTo] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api.register({ displayName: displayName.trim(), email: email.trim(), password, language: language.get() });
      setMailedTo(answer.email);
    } catch (err) {
      setError(describeError(t, err));
      setBusy(false);
    }
  };
  if (mailedTo) {
    return (
      <section class="narrow card" data-testid="signup-check-mail">
        <h1>{t('signup.checkMail.title')}</h1>
        <p role="status">{t('signup.checkMail.body', { email: mailedTo })}</p>
      </section>
    );
  }
  return (
    <section class="narrow card">
      <h1>{t('signup.title')}</h1>
      <form class="stack" onSubmit={submit} data-testid="signup-form">
        <label class="field">
          <span>{t('field.displayName')}</span>
          <input
            name="displayName"
            autocomplete="name"
            required
            maxLength={TextLimit.displayName}
            aria-describedby="display-name-hint"
            value={displayName}
            onInput={(e) => setDisplayName(e.currentTarget.value)}
          />
          <small id="display-name-hint">{t('field.displayNameHint')}</small>
        </label>
        <label class="field">
          <span>{t('field.email')}</span>
          <input type="email" name="email" autocomplete="email" required maxLength={TextLimit.email} value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <NewPasswordField value={password} onInput={setPassword} />
        <FormError message={error} />
        <button type="submit" class="button" disabled={busy} data-testid="signup-submit">
          {t('signup.submit')}
        </button>
      </form>
      <p class="aside">
        {t('signup.haveAccount')} <a href="/signin">{t('nav.signIn')}</a>
      </p>
    </section>
  );
}
