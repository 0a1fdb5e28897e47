import { useI18n } from '../i18n/index.js';
import type { ConnectionStatus, Peer } from './use-draft-connection.js';

/** Who is on the draft right now, each with their cursor colour. */
export function PresenceList({ peers }: { peers: Peer[] }) {
  const { t } = useI18n();
  return (
    <section class="presence" aria-labelledby="presence-heading" data-testid="presence">
      <h2 id="presence-heading" class="visually-hidden">
        {t('presence.title')}
      </h2>
      <ul class="presence-list">
        {peers.map((peer) => (
          <li key={peer.key} class="presence-item" data-testid="presence-item" data-self={peer.isSelf ? 'true' : undefined}>
            <span class="presence-dot" style={{ backgroundColor: peer.color }} aria-hidden="true" />
            {peer.isSelf ? t('presence.you', { name: peer.name }) : peer.name}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Live / connecting / offline, from the provider's status events. */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const { t } = useI18n();
  const label = t(`status.${status}`);
  return (
    <span class={`status status-${status}`} role="status" data-testid="connection-status" data-status={status} title={t('status.label', { status: label })}>
      <span class="status-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
