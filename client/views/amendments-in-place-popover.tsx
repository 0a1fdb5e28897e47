/** The details of an amendment opened from its tracked change in the draft, where organisers can also decide it. */
import type { RefObject } from 'preact';
import { useEffect, useId, useLayoutEffect, useRef } from 'preact/hooks';
import { api } from '../api.js';
import { describeDebateError, useI18n } from '../i18n/index.js';
import type { Amendment } from '../../shared/validation/amendments.js';
import { KindLabel } from './debate-bits.js';
import { amendmentTarget } from './amendment-parts.js';
import { rulebookHref, useDebate } from './debate-context.js';
import { DecisionFlow } from './decision-section.js';
import { useResource } from './use-resource.js';

/** An amendment's details opened from the draft: which one, from what element, and whether by keyboard. */
export interface OpenedInPlace {
  amendmentId: string;
  anchor: HTMLElement;
  byKeyboard: boolean;
}

const EXCERPT = 220;
const GAP = 6;

/** Place the popover under its anchor (the text it is about stays in sight), inside its container's width. */
function place(element: HTMLElement, container: HTMLElement, anchor: HTMLElement): void {
  const frame = container.getBoundingClientRect();
  const box = anchor.getBoundingClientRect();
  const left = Math.max(GAP, Math.min(box.left - frame.left, frame.width - element.offsetWidth - GAP));
  element.style.left = `${Math.round(left)}px`;
  element.style.top = `${Math.round(box.bottom - frame.top + GAP)}px`;
}

/** Organisers: the same decision flow as on the amendment's page, once its details (the diff it confirms) are loaded. */
function DecideHere({ amendment, onDecided }: { amendment: Amendment; onDecided: () => void }) {
  const { t } = useI18n();
  const detail = useResource(() => api.getAmendment(amendment.id), [amendment.id, amendment.updatedAt]);
  if (detail.error && !detail.data) return <p class="form-error">{describeDebateError(t, detail.error)}</p>;
  if (!detail.data) return <p class="muted small" aria-busy="true">{t('common.loading')}</p>;
  return <DecisionFlow amendment={detail.data} onDecided={onDecided} />;
}

interface InPlacePopoverProps {
  amendment: Amendment;
  opened: OpenedInPlace;
  /** The positioned element holding the draft, where the popover floats. */
  container: RefObject<HTMLElement>;
  /** Where focus goes: back to the change's button, to the text (the amendment was decided), or stays (a click elsewhere). */
  onClose: (returnFocus: 'change' | 'text' | null) => void;
}

/**
 * A small non-modal dialog by a tracked change: the amendment's number, kind, target, author, the start of its
 * rationale and a link to its page; for organisers, Accept and Reject with the confirmation and public reason of the
 * amendment page. Escape, Close or a click elsewhere closes it; focus goes in when it was opened by keyboard, and back
 * to the change's button when it is closed from inside.
 */
export function InPlacePopover({ amendment, opened, container, onClose }: InPlacePopoverProps) {
  const { t } = useI18n();
  const debate = useDebate();
  const popover = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const closing = useRef(onClose);
  closing.current = onClose;

  useLayoutEffect(() => {
    const element = popover.current;
    const frame = container.current;
    if (!element || !frame) return;
    // The widget may have been drawn again since it was pressed: follow its amendment's button.
    const anchor = () =>
      opened.anchor.isConnected ? opened.anchor : (frame.querySelector<HTMLElement>(`[data-testid="inplace-badge"][data-amendment-id="${CSS.escape(amendment.id)}"]`) ?? opened.anchor);
    place(element, frame, anchor());
    const observer = new ResizeObserver(() => place(element, frame, anchor()));
    observer.observe(element);
    observer.observe(frame);
    return () => observer.disconnect();
  });

  useEffect(() => {
    if (opened.byKeyboard) popover.current?.querySelector<HTMLElement>('a[href], button')?.focus();
    const outside = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!popover.current?.contains(target) && !opened.anchor.contains(target)) closing.current(null);
    };
    // Escape closes it from the text too (opened with the mouse, focus stayed there), where the editor's keymap has
    // already taken the key (to select the parent node); in the decision's own dialog, Escape is for that dialog.
    const escape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || (event.target instanceof Element && event.target.closest('dialog'))) return;
      const inside = popover.current?.contains(document.activeElement) ?? false;
      event.preventDefault();
      closing.current(inside ? 'change' : null);
    };
    document.addEventListener('mousedown', outside, true);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', outside, true);
      document.removeEventListener('keydown', escape);
    };
  }, [opened]);

  const rationale = amendment.rationale.length > EXCERPT ? `${amendment.rationale.slice(0, EXCERPT).trimEnd()}…` : amendment.rationale;
  return (
    <div ref={popover} class="inplace-popover" role="dialog" aria-labelledby={titleId} data-testid="inplace-popover" data-amendment-id={amendment.id}>
      <div class="inplace-popover-head">
        <p id={titleId} class="inplace-popover-title">
          {t('inPlace.details', { n: amendment.number })} · <KindLabel kind={amendment.kind} />
        </p>
        <button type="button" class="button-quiet button-small inplace-popover-close" data-testid="inplace-popover-close" onClick={() => onClose('change')}>
          <span aria-hidden="true">×</span>
          <span class="visually-hidden">{t('inPlace.close')}</span>
        </button>
      </div>
      <p class="inplace-popover-meta muted small">
        {amendmentTarget(t, debate, amendment)} · {t('amendment.by', { name: amendment.author.displayName })}
      </p>
      <p class="inplace-popover-rationale" data-testid="inplace-popover-rationale">
        {rationale}
      </p>
      <p>
        <a href={rulebookHref(debate.slug, { amendment: amendment.id })} data-testid="inplace-popover-open">
          {t('inPlace.open')}
        </a>
      </p>
      {debate.isOrganiser && amendment.status === 'open' && <DecideHere amendment={amendment} onDecided={() => onClose('text')} />}
    </div>
  );
}
