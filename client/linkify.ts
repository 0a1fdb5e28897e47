import LinkifyIt from 'linkify-it';

const linkify = new LinkifyIt();

/** A piece of a comment: plain text, a link with its target and visible text, or a `#N` reference to an amendment. */
export type TextSegment = { kind: 'text'; text: string } | { kind: 'link' | 'amendment'; text: string; href: string };

/** Only these schemes become links; anything else (javascript:, ftp:, data:) stays plain text. */
const SAFE_HREF = /^(https?:\/\/|mailto:)/i;

/** `#12`, standing alone (not inside a word, an address's fragment or `##12`). */
const AMENDMENT_REF = /(?<![\w#&/])#(\d{1,6})(?!\w)/g;

/** Where the amendment with this number is, or null when there is none to go to. */
export type AmendmentHref = (n: number) => string | null;

/** Split a plain run further at its `#N` references that lead somewhere. */
function amendmentRefs(text: string, href: AmendmentHref): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(AMENDMENT_REF)) {
    const target = href(Number(match[1]));
    if (!target) continue;
    if (match.index > last) segments.push({ kind: 'text', text: text.slice(last, match.index) });
    segments.push({ kind: 'amendment', text: match[0], href: target });
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

/**
 * Split text into plain runs and the links linkify-it finds in it (including bare "example.org" addresses, which
 * get `http://`), and, given `amendmentHref`, the `#N` references to amendments outside those links. The result
 * is rendered as JSX text and `<a>` elements, never as HTML.
 */
export function linkifyText(text: string, amendmentHref?: AmendmentHref): TextSegment[] {
  const matches = linkify.match(text) ?? [];
  const segments: TextSegment[] = [];
  const plain = (run: string) => segments.push(...(amendmentHref ? amendmentRefs(run, amendmentHref) : [{ kind: 'text' as const, text: run }]));
  let last = 0;
  for (const match of matches) {
    if (!SAFE_HREF.test(match.url)) continue;
    if (match.index > last) plain(text.slice(last, match.index));
    segments.push({ kind: 'link', text: match.text, href: match.url });
    last = match.lastIndex;
  }
  if (last < text.length) plain(text.slice(last));
  return segments;
}
