import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { describeError, useI18n } from '../i18n/index.js';
import { session } from '../session.js';
import { useStore } from '../store.js';
import { formatDateTime } from '../format.js';
import { FormError } from './form-error.js';
import { ParticipationForm } from './participation.js';
import type { Member, Role, RulebookSummary } from '../../shared/validation/api.js';
import type { Invitation } from '../../shared/validation/invitations.js';
import { useAction } from './use-action.js';
import { useRulebookEvent } from '../events.js';
import { TextLimit } from '../../shared/validation/limits.js';

const ROLES: Role[] = ['member', 'organiser'];

/**
 * Organisers: the members and organisers of a rulebook (each removable), the pending invitations (each
 * revocable), a form to invite someone by e-mail or change a member's role, and the participation policy.
 */
export function MembersPanel({ slug }: { slug: string }) {
  const { t, lang } = useI18n();
  const me = useStore(session);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const { busy, error, run } = useAction(describeError);
  const [done, setDone] = useState<string | null>(null);

  const reload = async () => {
    const [m, i] = await Promise.all([api.listMembers(slug), api.listInvitations(slug)]);
    setMembers(m);
    setInvitations(i);
  };
  useEffect(() => {
    reload().catch(setLoadError);
  }, [slug]);
  // Someone accepting an invitation, leaving or being removed shows here at once.
  useRulebookEvent(
    () => void reload().catch(setLoadError),
    (event) => event.type === 'rulebook.changed' && event.change === 'members',
  );

  const submit = (event: Event) => {
    event.preventDefault();
    setDone(null);
    void run(async () => {
      // The answer does not say whether an account uses the address.
      await api.addMember(slug, { email: email.trim(), role });
      await reload();
      setDone(t('members.requested', { email: email.trim(), role: t(`role.${role}`).toLowerCase() }));
      setEmail('');
    });
  };
  const remove = (member: Member) => {
    if (!confirm(t('members.removeConfirm', { name: member.displayName }))) return;
    setDone(null);
    void run(async () => {
      await api.removeMember(slug, member.userId);
      await reload();
    });
  };
  const revoke = (invitation: Invitation) => {
    if (!confirm(t('members.revokeConfirm', { email: invitation.email }))) return;
    setDone(null);
    void run(async () => {
      await api.revokeInvitation(slug, invitation.id);
      await reload();
    });
  };

  return (
    <div class="stack">
      <h3>{t('members.title')}</h3>
      {loadError ? (
        <p class="form-error" role="alert">
          {t('members.loadFailed')} {describeError(t, loadError)}
        </p>
      ) : members === null ? (
        <p class="muted">{t('common.loading')}</p>
      ) : members.length === 0 ? (
        <p class="muted">{t('members.empty')}</p>
      ) : (
        <ul class="member-list" data-testid="member-list">
          {members.map((member) => (
            <li key={member.userId} data-testid="member-item">
              <span class="member-name">{member.displayName}</span>
              <span class="member-email">{member.email}</span>
              <span class={`badge badge-${member.role}`}>{t(`role.${member.role}`)}</span>
              {member.userId !== me?.id && (
                <button type="button" class="button-quiet button-small" disabled={busy} onClick={() => remove(member)} data-testid="member-remove">
                  {t('members.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <h4>{t('members.invitations')}</h4>
      {invitations.length === 0 ? (
        <p class="muted" data-testid="no-invitations">
          {t('members.noInvitations')}
        </p>
      ) : (
        <ul class="member-list" data-testid="invitation-list">
          {invitations.map((invitation) => (
            <li key={invitation.id} data-testid="invitation-item">
              <span class="member-email">{invitation.email}</span>
              <span class={`badge badge-${invitation.role}`}>{t(`role.${invitation.role}`)}</span>
              <span class="muted small">{t('members.invitedUntil', { name: invitation.invitedBy ?? '—', date: formatDateTime(lang, invitation.expiresAt) })}</span>
              <button type="button" class="button-quiet button-small" disabled={busy} onClick={() => revoke(invitation)} data-testid="invitation-revoke">
                {t('members.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="field-row" onSubmit={submit} data-testid="add-member-form">
        <label class="field grow">
          <span>{t('members.email')}</span>
          <input type="email" name="email" required maxLength={TextLimit.email} autocomplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t('members.role')}</span>
          <select name="role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLES.map((r) => (
              <option value={r}>{t(`role.${r}`)}</option>
            ))}
          </select>
        </label>
        <button type="submit" class="button field-button" disabled={busy} data-testid="add-member-submit">
          {t('members.add')}
        </button>
      </form>
      <FormError message={error} />
      {done && (
        <p class="form-success" role="status">
          {done}
        </p>
      )}
      <ParticipationForm slug={slug} />
    </div>
  );
}

/** A button to leave the rulebook (members and organisers; the server refuses its last organiser). */
export function LeaveRulebook({ rulebook, onLeft }: { rulebook: RulebookSummary; onLeft: (next: RulebookSummary) => void }) {
  const { t } = useI18n();
  const { busy, error, run } = useAction(describeError);
  const leave = () => {
    if (!rulebook.role || !confirm(t('members.leaveConfirm', { role: t(`role.${rulebook.role}`).toLowerCase() }))) return;
    void run(async () => {
      await api.leaveRulebook(rulebook.slug);
      onLeft(await api.getRulebook(rulebook.slug));
    });
  };
  return (
    <div>
      <button type="button" class="button-quiet button-small" disabled={busy} onClick={leave} data-testid="leave-rulebook">
        {t('members.leave')}
      </button>
      <FormError message={error} />
    </div>
  );
}
