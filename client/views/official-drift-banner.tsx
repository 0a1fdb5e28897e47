import { useEffect, useRef } from 'preact/hooks';
import { api } from '../api.js';
import { useI18n } from '../i18n/index.js';
import type { VersionDiff } from '../../shared/validation/diff.js';
import { diffHref } from './debate-context.js';
import { useResource } from './use-resource.js';

/** How long the draft must stay still before the comparison is fetched again. */
const QUIET_MS = 1500;

/**
 * The changes a diff counts: each article added, removed, modified or moved, and the title and preamble when they
 * changed. Articles only renumbered are not counted: the insertion or removal that renumbered them is.
 */
export function countChanges(diff: VersionDiff): number {
  const { added, removed, modified, moved } = diff.summary;
  const changed = (runs: VersionDiff['title']) => (runs?.some((run) => run.op !== 'equal') ? 1 : 0);
  return added + removed + modified + moved + changed(diff.title) + changed(diff.preamble);
}

/**
 * On the draft page, "12 changes since official version 1.0 — see them" with a link to the comparison, when the draft
 * differs from the official release; nothing when they are the same or no release is official. `revision` changes
 * with every change of the draft; the comparison is fetched again once the draft has been still for a moment.
 */
export function OfficialDriftBanner({ slug, official, revision }: { slug: string; official: string | null; revision: number }) {
  const { tn } = useI18n();
  const comparison = useResource(() => (official ? api.diffVersions(slug, official, 'draft') : Promise.resolve(null)), [slug, official]);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(comparison.reload, QUIET_MS);
    return () => clearTimeout(timer);
  }, [revision]);

  const diff = official ? comparison.data : null;
  const count = diff && diff.from === official ? countChanges(diff) : 0;
  if (!official || count === 0) return null;
  return (
    <p class="banner drift-banner" data-testid="drift-banner">
      <span class="drift-glyph" aria-hidden="true">
        ≠
      </span>
      <span>
        {tn('drift.changes', count, { version: official })} —{' '}
        <a href={diffHref(slug, official, 'draft')} data-testid="drift-link">
          {tn('drift.see', count)}
        </a>
      </span>
    </p>
  );
}
