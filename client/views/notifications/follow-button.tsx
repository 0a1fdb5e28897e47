import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import { session } from '../../session.js';
import { useStore } from '../../store.js';
import type { Following, FollowTarget } from '../../../shared/validation/notifications.js';

const isFollowed = (following: Following, target: FollowTarget, id?: string) =>
  target === 'rulebook' ? following.rulebook : (target === 'article' ? following.articles : following.amendments).includes(id ?? '');

/** Follow or stop following a rulebook, an article or an amendment (shown only to someone signed in). */
export function FollowButton({ slug, target, id }: { slug: string; target: FollowTarget; id?: string }) {
  const { t } = useI18n();
  const me = useStore(session);
  const [following, setFollowing] = useState<Following | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (me) api.following(slug).then(setFollowing, () => setFollowing(null));
  }, [me, slug, target, id]);
  if (!me || !following) return null;
  const followed = isFollowed(following, target, id);
  const toggle = async () => {
    setBusy(true);
    try {
      setFollowing(await api.setFollow(slug, { target, ...(id ? { id } : {}), follow: !followed }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" class="button-quiet button-small follow-button" aria-pressed={followed} disabled={busy} onClick={toggle} data-testid={`follow-${target}`}>
      {followed ? t('follow.following') : t(`follow.${target}`)}
    </button>
  );
}
