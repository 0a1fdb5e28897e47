import LinkifyIt from 'linkify-it';

const linkify = new LinkifyIt();

/** A piece of a comment: plain text, or a link with its target and visible text. */
export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** Only these schemes become links; anything else (javascript:, ftp:, data:) stays plain text. */
const SAFE_HREF = /^(https?:\/\/|mailto:)/i;

/**
 * Split text into plain runs and the links linkify-it finds in it (including bare "example.org" addresses, which
 * get `http://`). The result is rendered as JSX text and `<a>` elements, never as HTML.
 */
export function linkifyText(text: string): TextSegment[] {
  const matches = linkify.match(text) ?? [];
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of matches) {
    if (!SAFE_HREF.test(match.url)) continue;
    if (match.index > last) segments.push({ kind: 'text', text: text.slice(last, match.index) });
    segments.push({ kind: 'link', text: match.text, href: match.url });
    last = match.lastIndex;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
