import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { describeError, language, useI18n } from '../i18n/index.js';
import { session } from '../session.js';
import { useStore } from '../store.js';
import { FormError } from './form-error.js';
import { useAction } from './use-action.js';
import type { InvitationAccepted, InvitationPreview } from '../../shared/validation/invitations.js';
import { TextLimit } from '../../shared/validation/limits.js';
import { NewPasswordField } from './new-password-field.js';

/** The secret an invitation link carries after `#` (kept out of server logs and Referer headers). */
const tokenInLink = () => decodeURIComponent(window.location.hash.slice(1));

/**
 * `/invitations#token`: what the invitation offers, then one step to join: accept when signed in, create the
 * account with the invited address when none uses it, or sign in with it.
 */
export function InvitationPage() {
  const { t } = useI18n();
  const me = useStore(session);
  const [token] = useState(tokenInLink);
  const [preview, setPreview] = useState<InvitationPreview | null>(null);
  const [joined, setJoined] = useState<InvitationAccepted | null>(null);
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, setError, run } = useAction(describeError);

  useEffect(() => {
    api.previewInvitation(token).then(setPreview, (err: unknown) => setError(describeError(t, err)));
  }, [token]);

  const role = (r: string) => t(r === 'organiser' ? 'history.roleOrganiser' : 'history.roleMember');
  const accept = () => void run(async () => setJoined(await api.acceptInvitation(token)));
  const signUp = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const answer = await api.signUpWithInvitation({ token, password, displayName: displayName.trim(), language: language.get() });
      session.set(answer.account);
      setJoined(answer.joined);
    });
  };
  const signIn = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      session.set(await api.login({ email: preview!.email, password }));
      setJoined(await api.acceptInvitation(token));
    });
  };

  return (
    <section class="narrow card stack" data-testid="invitation-page">
      <h1>{t('invitation.title')}</h1>
      {preview && (
        <p>
          {preview.invitedBy
            ? t('invitation.intro', { inviter: preview.invitedBy, rulebook: preview.rulebook.title, role: role(preview.role) })
            : t('invitation.introNoInviter', { rulebook: preview.rulebook.title, role: role(preview.role) })}
        </p>
      )}
      {joined ? (
        <>
          <p role="status" data-testid="invitation-joined">
            {t('invitation.joined', { rulebook: preview?.rulebook.title ?? joined.slug, role: role(joined.role) })}
          </p>
          <a class="button" href={`/r/${joined.slug}`}>
            {t('invitation.open')}
          </a>
        </>
      ) : !preview || me === undefined ? null : me ? (
        <div class="stack">
          <p>{t('invitation.signedInAs', { name: me.displayName })}</p>
          <button type="button" class="button" disabled={busy} onClick={accept} data-testid="invitation-accept">
            {t('invitation.accept')}
          </button>
        </div>
      ) : preview.hasAccount ? (
        <form class="stack" onSubmit={signIn} data-testid="invitation-signin">
          <p>{t('invitation.signInIntro', { email: preview.email })}</p>
          <label class="field">
            <span>{t('field.password')}</span>
            <input type="password" name="password" autocomplete="current-password" required maxLength={TextLimit.password} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </label>
          <button type="submit" class="button" disabled={busy}>
            {t('invitation.signIn')}
          </button>
        </form>
      ) : (
        <form class="stack" onSubmit={signUp} data-testid="invitation-signup">
          <p>{t('invitation.signUpIntro', { email: preview.email })}</p>
          <label class="field">
            <span>{t('field.displayName')}</span>
            <input name="displayName" autocomplete="name" required maxLength={TextLimit.displayName} value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} />
            <small class="muted">{t('field.displayNameHint')}</small>
          </label>
          <NewPasswordField value={password} onInput={setPassword} />
          <button type="submit" class="button" disabled={busy} data-testid="invitation-signup-submit">
            {t('invitation.signUp')}
          </button>
        </form>
      )}
      <FormError message={error} />
    </section>
  );
}
