import { useEffect, useRef, useState } from 'preact/hooks';
import { LeaveRulebook } from './members-panel.js';
import { api, feedHref } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { consultationAt, formatDateTime, formatDuration, fromLocalInput, toLocalInput, useNow } from '../format.js';
import type { RulebookSummary } from '../../shared/validation/api.js';
import type { ReleaseSummary } from '../../shared/validation/releases.js';
import { FormError } from './form-error.js';
import { releaseHref, rulebookHref, type RulebookTab } from './debate-context.js';
import { useAction } from './use-action.js';
import { WindowShortcuts } from './window-shortcuts.js';
import { DeskLinks } from './moderation/desk-links.js';
import { FollowButton } from './notifications/follow-button.js';
import { ParticipationNotice } from './participation.js';

/** The live "closes in 3 d 4 h" / "opens in …" line; silent for screen readers between ticks. */
function Countdown({ rulebook }: { rulebook: RulebookSummary }) {
  const { t } = useI18n();
  const now = useNow(1000);
  const state = consultationAt(rulebook, now);
  if (state !== 'open' && state !== 'upcoming') return null;
  const target = state === 'open' ? rulebook.closesAt! : rulebook.opensAt!;
  const left = formatDuration(t, Date.parse(target) - now);
  return (
    <span class="countdown" data-testid="countdown">
      <time dateTime={target}>{t(state === 'open' ? 'window.closesIn' : 'window.opensIn', { time: left })}</time>
    </span>
  );
}

/** Organisers: set the opening and closing times of the consultation, or clear them. */
function WindowForm({ rulebook, onSaved }: { rulebook: RulebookSummary; onSaved: (next: RulebookSummary) => void }) {
  const { t } = useI18n();
  const [opensAt, setOpensAt] = useState(toLocalInput(rulebook.opensAt));
  const [closesAt, setClosesAt] = useState(toLocalInput(rulebook.closesAt));
  const { busy, error, setError, run } = useAction();
  const [done, setDone] = useState<string | null>(null);

  const save = (range: { opensAt: string | null; closesAt: string | null }, message: string) => {
    setDone(null);
    return run(async () => {
      const next = await api.setWindow(rulebook.slug, range);
      onSaved(next);
      setOpensAt(toLocalInput(next.opensAt));
      setClosesAt(toLocalInput(next.closesAt));
      setDone(message);
    });
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const opens = fromLocalInput(opensAt);
    const closes = fromLocalInput(closesAt);
    if (!opens || !closes) return setError(t('error.invalid_window'));
    void save({ opensAt: opens, closesAt: closes }, t('window.saved'));
  };

  return (
    <form class="window-form" onSubmit={submit} data-testid="window-form">
      <div class="field-row">
        <label class="field">
          <span>{t('window.opensAt')}</span>
          <input type="datetime-local" name="opensAt" required value={opensAt} onInput={(e) => setOpensAt(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t('window.closesAt')}</span>
          <input type="datetime-local" name="closesAt" required value={closesAt} onInput={(e) => setClosesAt(e.currentTarget.value)} />
        </label>
      </div>
      <p class="muted small">{t('window.timeZone', { zone: Intl.DateTimeFormat().resolvedOptions().timeZone })}</p>
      <FormError message={error} />
      {done && (
        <p class="form-success" role="status">
          {done}
        </p>
      )}
      <div class="button-row">
        <button type="submit" class="button button-small" disabled={busy} data-testid="window-save">
          {t('window.save')}
        </button>
        {(rulebook.opensAt || rulebook.closesAt) && (
          <button
            type="button"
            class="button-quiet"
            disabled={busy}
            data-testid="window-clear"
            onClick={() => window.confirm(t('window.clearConfirm')) && void save({ opensAt: null, closesAt: null }, t('window.cleared'))}
          >
            {t('window.clear')}
          </button>
        )}
      </div>
    </form>
  );
}

/** The latest release and the official one (a single chip when they are the same), each a link to its page. */
function ReleaseChips({ slug, releases }: { slug: string; releases: ReleaseSummary[] }) {
  const { t } = useI18n();
  const latest = releases[0];
  if (!latest) return null;
  const official = releases.find((r) => r.official);
  return (
    <span class="release-chips" data-testid="header-releases">
      <a class="release-chip" href={releaseHref(slug, latest.version)} data-testid="header-latest-release">
        <span class="release-chip-label">{t('header.latestRelease')}</span> <strong>{latest.version}</strong>
        {official === latest && (
          <span class="release-chip-official">
            <span aria-hidden="true"> ✓ </span>
            {t('releases.official').toLowerCase()}
          </span>
        )}
      </a>
      {official && official !== latest && (
        <a class="release-chip is-official" href={releaseHref(slug, official.version)} data-testid="header-official-release">
          <span class="release-chip-label">
            <span aria-hidden="true">✓ </span>
            {t('header.officialRelease')}
          </span>{' '}
          <strong>{official.version}</strong>
        </a>
      )}
    </span>
  );
}

/**
 * Title, consultation window and its state with a countdown, the latest and official releases, and (organisers)
 * the form to change the window.
 */
export function RulebookHeader({ rulebook, releases, onChanged }: { rulebook: RulebookSummary; releases: ReleaseSummary[] | null; onChanged: (next: RulebookSummary) => void }) {
  const { t, lang } = useI18n();
  const now = useNow(15_000);
  const state = consultationAt(rulebook, now);
  return (
    <header class="rb-header" data-testid="rulebook-header">
      <h1 class="rb-header-title">{rulebook.title}</h1>
      <div class="rb-window">
        <span class={`window-state window-${state}`} data-testid="consultation-state" data-state={state}>
          {t(`window.state.${state}`)}
        </span>
        {rulebook.opensAt && rulebook.closesAt && (
          <span class="window-dates">
            {t('window.range', { from: formatDateTime(lang, rulebook.opensAt), to: formatDateTime(lang, rulebook.closesAt) })}
          </span>
        )}
        <Countdown rulebook={rulebook} />
        {rulebook.role === 'organiser' && <WindowShortcuts rulebook={rulebook} state={state} onChanged={onChanged} />}
      </div>
      {releases && <ReleaseChips slug={rulebook.slug} releases={releases} />}
      <ParticipationNotice rulebook={rulebook} />
      <div class="rb-actions">
        <DeskLinks rulebook={rulebook} />
        <FollowButton slug={rulebook.slug} target="rulebook" />
        <a href={feedHref.rulebook(rulebook.slug)} type="application/atom+xml" data-testid="rulebook-feed">
          {t('feed.rulebook')}
        </a>
        {rulebook.role && <LeaveRulebook rulebook={rulebook} onLeft={onChanged} />}
      </div>
      {rulebook.role === 'organiser' && (
        <details class="window-details">
          <summary data-testid="window-toggle">{t('window.edit')}</summary>
          <WindowForm key={`${rulebook.opensAt}/${rulebook.closesAt}`} rulebook={rulebook} onSaved={onChanged} />
        </details>
      )}
    </header>
  );
}

/** The parts of a rulebook page, as links so each can be shared. */
export function RulebookTabs({ slug, tab, counts }: { slug: string; tab: RulebookTab; counts: { amendments: number | null } }) {
  const { t, tn } = useI18n();
  const tabs = [
    { id: 'draft', label: t('tabs.draft'), href: rulebookHref(slug) },
    { id: 'amendments', label: t('tabs.amendments'), href: rulebookHref(slug, { tab: 'amendments' }), count: counts.amendments },
    { id: 'releases', label: t('tabs.releases'), href: rulebookHref(slug, { tab: 'releases' }) },
    { id: 'history', label: t('tabs.history'), href: rulebookHref(slug, { tab: 'history' }) },
  ] as const;
  // On a narrow screen the tabs scroll sideways: keep the current one in view.
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    const bar = nav.current;
    const current = bar?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!bar || !current) return;
    const left = current.offsetLeft - bar.offsetLeft;
    if (left < bar.scrollLeft) bar.scrollLeft = left;
    else if (left + current.offsetWidth > bar.scrollLeft + bar.clientWidth) bar.scrollLeft = left + current.offsetWidth - bar.clientWidth;
  }, [tab]);
  return (
    <nav class="rb-tabs" aria-label={t('tabs.label')} ref={nav}>
      {tabs.map((entry) => (
        <a href={entry.href} class="rb-tab" aria-current={tab === entry.id ? 'page' : undefined} data-testid={`tab-${entry.id}`}>
          {entry.label}
          {'count' in entry && entry.count ? (
            <span class="tab-count">
              <span aria-hidden="true">{entry.count}</span>
              <span class="visually-hidden">{tn('tabs.openCount', entry.count)}</span>
            </span>
          ) : null}
        </a>
      ))}
    </nav>
  );
}
