/**
 * The floating toolbar of a release's frozen text. Releases take no comments (the debate is on the live draft), so
 * it offers what is real there: copying the passage as a quote naming its article, version and address.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';
import { isToolbarShortcut, SelectionToolbar, TOOLBAR_SHORTCUT, type SelectionBox } from './selection-toolbar.js';
import { citationHref } from './copy-link.js';

/** A passage selected in the frozen text: its words, the heading of its article (if in one) and its box. */
interface FrozenSelection {
  text: string;
  article: { id: string; heading: string } | null;
  box: SelectionBox;
}

/** The selection if it is a non-empty passage of the frozen text inside `container`. */
function frozenSelection(container: HTMLElement): FrozenSelection | null {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const text = selection.toString().replace(/\s+/g, ' ').trim();
  const frozen = container.querySelector('[data-testid=frozen-text]');
  if (!text || !frozen?.contains(range.commonAncestorContainer)) return null;
  const ancestor = range.commonAncestorContainer;
  const section = (ancestor instanceof Element ? ancestor : ancestor.parentElement)?.closest<HTMLElement>('.frozen-article');
  const rects = range.getClientRects();
  const first = rects[0] ?? range.getBoundingClientRect();
  const last = rects[rects.length - 1] ?? first;
  const oneLine = Math.abs(first.top - last.top) < 4;
  return {
    text,
    article: section?.dataset.articleId ? { id: section.dataset.articleId, heading: section.querySelector('.frozen-article-title')?.textContent ?? '' } : null,
    box: { left: first.left, right: oneLine ? last.right : first.left, top: first.top, bottom: last.bottom },
  };
}

/** The text put on the clipboard: the passage in quotation marks, then where it comes from (its article's stable citation). */
function quotation(lang: string, passage: FrozenSelection, source: string, slug: string, version: string): string {
  const quoted = lang === 'fr' ? `« ${passage.text} »` : `“${passage.text}”`;
  const address = passage.article ? new URL(citationHref(slug, version, passage.article.id), location.origin).href : `${location.origin}${location.pathname}`;
  return `${quoted}\n— ${source}\n${address}`;
}

/** Shows "Copy quote" by a passage selected in the frozen text of `version`; Alt+F10 reaches it, Escape closes it. */
export function ReleaseQuoteTools({ container, slug, version }: { container: RefObject<HTMLElement>; slug: string; version: string }) {
  const { t, lang } = useI18n();
  const toolbar = useRef<HTMLDivElement>(null);
  const [passage, setPassage] = useState<FrozenSelection | null>(null);
  const [pressing, setPressing] = useState(false);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [copied, setCopied] = useState<string | null>(null);
  // Where focus was before Alt+F10, to give it back on Escape.
  const before = useRef<HTMLElement | null>(null);
  const shown = passage !== null && !pressing && dismissed !== passage.text;
  const latest = useRef(shown);
  latest.current = shown;

  useEffect(() => {
    const update = () => {
      // Focus inside the toolbar moves the selection nowhere: keep what it was made for.
      if (container.current && !toolbar.current?.contains(document.activeElement)) setPassage(frozenSelection(container.current));
    };
    const down = (event: PointerEvent) => event.button === 0 && !toolbar.current?.contains(event.target as Node) && setPressing(true);
    const up = () => setPressing(false);
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isToolbarShortcut(event) || !latest.current) return;
      event.preventDefault();
      before.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      toolbar.current?.querySelector<HTMLElement>('button')?.focus();
    };
    document.addEventListener('selectionchange', update);
    document.addEventListener('pointerdown', down);
    document.addEventListener('pointerup', up);
    document.addEventListener('keydown', onKeyDown);
    window.addEventListener('resize', update);
    window.addEventListener('scroll', update, { passive: true });
    return () => {
      window.removeEventListener('scroll', update);
      document.removeEventListener('selectionchange', update);
      document.removeEventListener('pointerdown', down);
      document.removeEventListener('pointerup', up);
      document.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('resize', update);
    };
  }, []);

  useEffect(() => {
    setStatus(shown ? t('selection.announceRelease', { toolbar: TOOLBAR_SHORTCUT }) : '');
    setCopied(null);
  }, [shown, passage?.text]);

  const copy = async () => {
    if (!passage) return;
    const source = t('selection.quoteSource', { article: passage.article?.heading ?? '', version }).replace(/^, /, '');
    try {
      await navigator.clipboard.writeText(quotation(lang, passage, source, slug, version));
      setCopied(t('selection.copied'));
    } catch {
      setCopied(t('selection.copyFailed'));
    }
  };

  return (
    <>
      <p class="visually-hidden" role="status" data-testid="selection-announcement">
        {copied ?? status}
      </p>
      {shown && (
        <SelectionToolbar
          container={container}
          toolbar={toolbar}
          box={passage.box}
          actions={[{ label: t('selection.copyQuote'), testid: 'selection-copy-quote', run: () => void copy() }]}
          note={copied}
          onClose={() => {
            setDismissed(passage.text);
            before.current?.focus();
          }}
        />
      )}
    </>
  );
}
