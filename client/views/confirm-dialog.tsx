import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';
import { FormError } from './form-error.js';

interface ConfirmDialogProps {
  /** The question, e.g. "Publish version 1.1?"; it names the dialog. */
  title: string;
  /** What the confirm button says, e.g. "Publish version 1.1". */
  confirmLabel: string;
  /** The look of the confirm button: `accept` and `reject` for decisions. */
  tone?: 'primary' | 'accept' | 'reject';
  /** While the action runs: both buttons and Escape do nothing. */
  busy?: boolean;
  /** The confirm button waits, e.g. for what the dialog shows to load. */
  confirmDisabled?: boolean;
  error?: string | null;
  /** Where focus goes back once the dialog is gone; by default, what had focus when it opened. */
  returnFocus?: HTMLElement | null;
  onConfirm: () => void;
  onCancel: () => void;
  testid: string;
  /** What will happen if the person confirms. */
  children: ComponentChildren;
}

/**
 * A modal dialog asking to confirm an action that cannot be undone, shown while it is mounted: the native `<dialog>`
 * opened with `showModal()` keeps focus inside and the rest of the page inert; Escape and Cancel call `onCancel`.
 * Focus starts on Cancel (the harmless choice) and goes back to what had it before once the dialog is gone.
 */
export function ConfirmDialog({ title, confirmLabel, tone = 'primary', busy = false, confirmDisabled = false, error = null, returnFocus, onConfirm, onCancel, testid, children }: ConfirmDialogProps) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const busyNow = useRef(busy);
  busyNow.current = busy;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const opener = returnFocus ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
    element.showModal();
    cancelButton.current?.focus();
    return () => {
      element.close();
      // Once the page has re-rendered: the opener may be re-enabled (or gone) in the same update that closes the dialog.
      setTimeout(() => opener?.isConnected && opener.focus());
    };
  }, []);

  const escape = (event: Event) => {
    event.preventDefault();
    if (!busyNow.current) onCancel();
  };
  // A modal dialog already makes the page inert; Tab also wraps around instead of leaving for the browser's own controls.
  const wrapFocus = (event: KeyboardEvent) => {
    if (event.key !== 'Tab') return;
    const focusable = [...(dialog.current?.querySelectorAll<HTMLElement>('a[href], button:not(:disabled), input, textarea, select, [tabindex]:not([tabindex="-1"])') ?? [])];
    const edge = event.shiftKey ? focusable[0] : focusable[focusable.length - 1];
    if (edge && document.activeElement === edge) {
      event.preventDefault();
      (event.shiftKey ? focusable[focusable.length - 1] : focusable[0])!.focus();
    }
  };

  return (
    <dialog ref={dialog} class="confirm-dialog" aria-labelledby={titleId} aria-busy={busy} data-testid={testid} onCancel={escape} onKeyDown={wrapFocus}>
      <div class="confirm-dialog-frame">
        <h2 id={titleId} class="confirm-dialog-title">
          {title}
        </h2>
        <div class="confirm-dialog-body">{children}</div>
        <div class="confirm-dialog-foot">
          <FormError message={error} />
          <div class="button-row">
            <button type="button" ref={cancelButton} class="button-quiet" disabled={busy} data-testid="confirm-dialog-cancel" onClick={onCancel}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              class={`button${tone === 'primary' ? '' : ` button-${tone}`}`}
              disabled={busy || confirmDisabled}
              data-testid="confirm-dialog-confirm"
              onClick={onConfirm}
            >
              {confirmLabel}
            </button>
          </div>
        </div>
      </div>
    </dialog>
  );
}
