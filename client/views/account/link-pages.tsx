import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { describeError, useI18n } from '../../i18n/index.js';
import { session } from '../../session.js';
import { FormError } from '../form-error.js';
import { useAction } from '../use-action.js';
import { TextLimit } from '../../../shared/validation/limits.js';
import { NewPasswordField } from '../new-password-field.js';

/** The secret a mailed link carries after `#` (kept out of server logs and Referer headers). */
const tokenInLink = () => decodeURIComponent(window.location.hash.slice(1));

/** Run `action` once when the page opens, and show where it stands. */
function useOnOpen<T>(action: () => Promise<T>) {
  const { t } = useI18n();
  const [state, setState] = useState<{ done?: T; error?: string }>({});
  useEffect(() => {
    action().then(
      (done) => setState({ done }),
      (err: unknown) => setState({ error: describeError(t, err) }),
    );
    // Once, when the page opens: a second call would find the link already used.
  }, []);
  return state;
}

/** `/verify-email#token`: confirms the address the link was mailed to, and signs in. */
export function VerifyEmailPage() {
  const { t } = useI18n();
  const { done, error } = useOnOpen(async () => {
    const me = await api.verifyEmail(tokenInLink());
    session.set(me);
    return me;
  });
  return (
    <section class="narrow card" data-testid="verify-email">
      <h1>{t('verify.title')}</h1>
      {done ? (
        <>
          <p role="status">{t('verify.done', { name: done.displayName })}</p>
          <a class="button" href="/">
            {t('verify.continue')}
          </a>
        </>
      ) : error ? (
        <FormError message={error} />
      ) : (
        <p>{t('common.loading')}</p>
      )}
    </section>
  );
}

/** `/unsubscribe/:token`: the link at the foot of a notification; one click stops that kind of mail. */
export function UnsubscribePage({ token }: { token?: string }) {
  const { t } = useI18n();
  const { done, error } = useOnOpen(() => api.unsubscribe(token ?? ''));
  return (
    <section class="narrow card" data-testid="unsubscribe">
      <h1>{t('unsubscribe.title')}</h1>
      {done ? <p role="status">{t('unsubscribe.done')}</p> : error ? <FormError message={error} /> : <p>{t('common.loading')}</p>}
    </section>
  );
}

/** `/forgot-password`: asks for a reset link; says the same whether or not an account uses the address. */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { busy, error, run } = useAction(describeError);
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await api.forgotPassword(email.trim());
      setSentTo(email.trim());
    });
  };
  return (
    <section class="narrow card">
      <h1>{t('forgot.title')}</h1>
      {sentTo ? (
        <p role="status" data-testid="forgot-sent">
          {t('forgot.sent', { email: sentTo })}
        </p>
      ) : (
        <form class="stack" onSubmit={submit} data-testid="forgot-form">
          <p>{t('forgot.intro')}</p>
          <label class="field">
            <span>{t('field.email')}</span>
            <input type="email" name="email" autocomplete="email" required maxLength={TextLimit.email} value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          </label>
          <FormError message={error} />
          <button type="submit" class="button" disabled={busy}>
            {t('forgot.submit')}
          </button>
        </form>
      )}
    </section>
  );
}

/** `/reset-password#token`: choose a new password; every other session ends and this browser is signed in. */
export function ResetPasswordPage() {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction(describeError);
  const token = tokenInLink();
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      session.set(await api.resetPassword(token, password));
      window.location.assign('/');
    });
  };
  return (
    <section class="narrow card">
      <h1>{t('reset.title')}</h1>
      {!token ? (
        <p>{t('reset.noToken')}</p>
      ) : (
        <form class="stack" onSubmit={submit} data-testid="reset-form">
          <NewPasswordField value={password} onInput={setPassword} />
          <FormError message={error} />
          <button type="submit" class="button" disabled={busy}>
            {t('reset.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
