/** The small toolbar that floats by a selected passage, and where it stands. */
import type { ComponentChildren, RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';

/** One thing the toolbar offers to do with the selected passage. */
export interface SelectionAction {
  label: string;
  testid: string;
  /** The shortcut in `aria-keyshortcuts` form (`Alt+C`), shown in the button and its tooltip. */
  shortcut?: string;
  run: () => void;
}

/** A selection's box in viewport coordinates, as `getBoundingClientRect` or ProseMirror's `coordsAtPos` give it. */
export interface SelectionBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Keyboard shortcut moving focus from the text to the toolbar, the convention of rich text editors. */
export const TOOLBAR_SHORTCUT = 'Alt+F10';

/** Whether a key event is Alt+F10, which moves focus to the toolbar. */
export const isToolbarShortcut = (event: KeyboardEvent) => event.altKey && !event.ctrlKey && !event.metaKey && event.key === 'F10';

/** Room kept above a selection for the toolbar (and the organisers' sticky formatting bar) before it goes below. */
const ROOM_ABOVE = 110;
const GAP = 8;

/** Place the toolbar above the selection, centred on it and kept inside its container, or below when the top is too close. */
function place(element: HTMLElement, container: HTMLElement, box: SelectionBox): void {
  const frame = container.getBoundingClientRect();
  const width = element.offsetWidth;
  const centre = (box.left + box.right) / 2 - frame.left;
  const left = Math.max(GAP, Math.min(centre - width / 2, frame.width - width - GAP));
  const below = box.top < ROOM_ABOVE;
  const top = below ? box.bottom - frame.top + GAP : box.top - frame.top - element.offsetHeight - GAP;
  element.style.left = `${Math.round(left)}px`;
  element.style.top = `${Math.round(top)}px`;
  element.dataset.placement = below ? 'below' : 'above';
}

interface SelectionToolbarProps {
  /** The positioned element the toolbar is placed in. */
  container: RefObject<HTMLElement>;
  box: SelectionBox;
  actions: SelectionAction[];
  /** A line under the buttons, e.g. why commenting is not offered for this selection. */
  note?: ComponentChildren;
  /** Escape was pressed in the toolbar: close it and give focus back to the text. */
  onClose: () => void;
  toolbar: RefObject<HTMLDivElement>;
}

/**
 * The floating toolbar: buttons in one tab stop (arrow keys move between them, as in any toolbar), each with its
 * shortcut in its tooltip; Escape closes it. Pressing a button with the mouse keeps the text's selection.
 */
export function SelectionToolbar({ container, box, actions, note, onClose, toolbar }: SelectionToolbarProps) {
  const { t } = useI18n();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  useLayoutEffect(() => {
    if (toolbar.current && container.current) place(toolbar.current, container.current, box);
  });

  const onKeyDown = (event: KeyboardEvent) => {
    const index = buttons.current.findIndex((button) => button === document.activeElement);
    const move = (to: number) => {
      event.preventDefault();
      buttons.current[(to + actions.length) % actions.length]?.focus();
    };
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(actions.length - 1);
  };

  return (
    <div
      ref={toolbar}
      class="selection-toolbar"
      role="toolbar"
      aria-label={t('selection.toolbar')}
      data-testid="selection-toolbar"
      onKeyDown={onKeyDown}
      onMouseDown={(event) => event.preventDefault()}
    >
      <div class="selection-toolbar-buttons">
        {actions.map((action, i) => (
          <button
            key={action.testid}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            class="selection-toolbar-button"
            tabIndex={i === 0 ? 0 : -1}
            title={action.shortcut ? t('selection.withShortcut', { label: action.label, keys: action.shortcut }) : action.label}
            aria-keyshortcuts={action.shortcut}
            data-testid={action.testid}
            onClick={action.run}
          >
            {action.label}
            {action.shortcut && (
              <kbd class="selection-toolbar-keys" aria-hidden="true">
                {action.shortcut}
              </kbd>
            )}
          </button>
        ))}
      </div>
      {note && (
        <p class="selection-toolbar-note" data-testid="selection-toolbar-note">
          {note}
        </p>
      )}
    </div>
  );
}
