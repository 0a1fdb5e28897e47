/** Colours for collaborators' cursors: distinct, and dark enough for white name labels. */
const PALETTE = ['#b45309', '#0f766e', '#6d28d9', '#be123c', '#1d4ed8', '#4d7c0f', '#a21caf', '#0e7490'];

/** A stable colour for a seed (a user id), or a random one for anonymous readers. */
export function colourFor(seed: string | null): string {
  if (seed === null) return PALETTE[Math.floor(Math.random() * PALETTE.length)]!;
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length]!;
}

/** A colour from another client's awareness, accepted only as `#rrggbb` so it cannot inject CSS. */
export function safeColour(value: unknown): string {
  return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value) ? value : '#64748b';
}

/** A name from another client's awareness, as bounded plain text. */
export function safeName(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, 80) : fallback;
}

/** The caret and name label drawn where a collaborator's cursor is (text only, never HTML). */
export function buildCursor(user: { name?: unknown; color?: unknown }, fallbackName: string): HTMLElement {
  const colour = safeColour(user.color);
  const caret = document.createElement('span');
  caret.className = 'rb-cursor';
  caret.style.borderColor = colour;
  const label = document.createElement('span');
  label.className = 'rb-cursor-label';
  label.style.backgroundColor = colour;
  label.textContent = safeName(user.name, fallbackName);
  caret.append('\u2060', label, '\u2060');
  return caret;
}

/** The highlight of a collaborator's selection. */
export function buildSelection(user: { color?: unknown }): { style: string; class: string } {
  return { style: `background-color: ${safeColour(user.color)}33`, class: 'rb-remote-selection' };
}
