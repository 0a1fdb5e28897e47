import type { Locator, Page } from 'playwright-core';

/**
 * Select a passage of an element's text with the mouse, as a reader drags across it: press at the left edge of its
 * first character and release at the right edge of its last one. Returns the text the browser then has selected.
 */
export async function dragSelect(locator: Locator, passage: string): Promise<string> {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.evaluate((el, text) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(text);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      const rects = range.getClientRects();
      const first = rects[0]!;
      const last = rects[rects.length - 1]!;
      return { x0: first.left + 1, y0: first.top + first.height / 2, x1: last.right - 1, y1: last.top + last.height / 2 };
    }
    throw new Error(`"${text}" is not in the element`);
  }, passage);
  const page = locator.page();
  await page.mouse.move(box.x0, box.y0);
  await page.mouse.down();
  await page.mouse.move((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.up();
  return page.evaluate(() => window.getSelection()?.toString() ?? '');
}

/** The value a `datetime-local` input takes for the moment `offsetMs` from now, in the page's own time zone. */
export function localInputValue(page: Page, offsetMs: number): Promise<string> {
  return page.evaluate((offset) => {
    const d = new Date(Date.now() + offset);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, offsetMs);
}
