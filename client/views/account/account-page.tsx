import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { describeError, useI18n } from '../../i18n/index.js';
import { useStore } from '../../store.js';
import { session } from '../../session.js';
import { formatDateTime } from '../../format.js';
import { FormError } from '../form-error.js';
import { useAction } from '../use-action.js';
import type { Account, SessionSummary } from '../../../shared/validation/account.js';
import { TextLimit } from '../../../shared/validation/limits.js';
import { NotificationPreferences } from '../notifications/notification-preferences.js';

/**
 * `/account`: the address (confirm it, change it), the language of one's mail, the sessions signed in (each of which
 * can be ended) and the mail each kind of notification brings.
 */
export function AccountPage() {
  const { t } = useI18n();
  const me = useStore(session);
  if (me === undefined) return <p>{t('common.loading')}</p>;
  if (me === null) {
    return (
      <section class="narrow card">
        <p>
          <a href="/signin?next=/account">{t('account.signInFirst')}</a>
        </p>
      </section>
    );
  }
  return (
    <section class="narrow card stack" data-testid="account-page">
      <h1>{t('account.title')}</h1>
      {!me.verified && <Unverified email={me.email} />}
      <ChangeEmail current={me.email} />
      <MailLanguage current={me.language} />
      <Sessions />
      <NotificationPreferences />
    </section>
  );
}

function Unverified({ email }: { email: string }) {
  const { t } = useI18n();
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useAction(describeError);
  return (
    <div class="notice" data-testid="account-unverified">
      <p>{t('account.unverified', { email })}</p>
      {sent ? (
        <p role="status">{t('account.resent')}</p>
      ) : (
        <button type="button" class="button button-small" disabled={busy} onClick={() => void run(() => api.resendVerification().then(() => setSent(true)))}>
          {t('account.resend')}
        </button>
      )}
      <FormError message={error} />
    </div>
  );
}

function ChangeEmail({ current }: { current: string }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { busy, error, run } = useAction(describeError);
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await api.changeEmail(email.trim(), password);
      setSentTo(email.trim());
      setPassword('');
    });
  };
  return (
    <form class="stack" onSubmit={submit} data-testid="change-email">
      <h2>{t('account.email.title')}</h2>
      <p>{t('account.email.current', { email: current })}</p>
      <label class="field">
        <span>{t('account.email.new')}</span>
        <input type="email" name="email" autocomplete="email" required maxLength={TextLimit.email} value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>{t('account.email.password')}</span>
        <input type="password" name="password" autocomplete="current-password" required maxLength={TextLimit.password} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      <FormError message={error} />
      {sentTo && <p role="status">{t('account.email.sent', { email: sentTo })}</p>}
      <button type="submit" class="button" disabled={busy}>
        {t('account.email.submit')}
      </button>
    </form>
  );
}

/** Language names in their own language, as a reader of either looks for them. */
const MAIL_LANGUAGES: Record<Account['language'], string> = { fr: 'Français', en: 'English' };

function MailLanguage({ current }: { current: Account['language'] }) {
  const { t } = useI18n();
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction(describeError);
  const choose = (language: Account['language']) =>
    void run(async () => {
      setSaved(false);
      session.set(await api.updateAccount({ language }));
      setSaved(true);
    });
  return (
    <div class="stack" data-testid="mail-language">
      <h2>{t('account.mailLanguage.title')}</h2>
      <label class="field">
        <span>{t('account.mailLanguage.label')}</span>
        <select name="language" value={current} disabled={busy} onChange={(e) => choose(e.currentTarget.value as Account['language'])}>
          {Object.entries(MAIL_LANGUAGES).map(([code, name]) => (
            <option key={code} value={code} lang={code}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <FormError message={error} />
      {saved && <p role="status">{t('account.mailLanguage.saved')}</p>}
    </div>
  );
}

function Sessions() {
  const { t, lang } = useI18n();
  const [list, setList] = useState<SessionSummary[] | null>(null);
  const { error, run } = useAction(describeError);
  const load = () => run(async () => setList(await api.listSessions()));
  useEffect(() => void load(), []);
  return (
    <div class="stack" data-testid="sessions">
      <h2>{t('account.sessions.title')}</h2>
      <FormError message={error} />
      <ul class="plain-list">
        {(list ?? []).map((s) => (
          <li key={s.id} data-testid="session">
            <strong>{s.userAgent ?? t('account.sessions.unknownBrowser')}</strong> — {t('account.sessions.since', { date: formatDateTime(lang, s.createdAt) })}{' '}
            {s.current ? (
              <em>{t('account.sessions.current')}</em>
            ) : (
              <button type="button" class="button-quiet" onClick={() => void run(() => api.revokeSession(s.id)).then(load)}>
                {t('account.sessions.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
