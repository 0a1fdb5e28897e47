import { html, type Html } from './html.js';

/** What a server-rendered page says about itself, for the `<head>` and link previews. */
export interface PageMeta {
  title: string;
  description: string;
  /** Absolute URL of the page's canonical address. */
  url: string;
  type: 'website' | 'article';
  /** The content's language tag (the rulebook's). */
  lang: string;
  /** Keep it out of search engines (a 404). */
  noindex?: boolean;
}

/** The client's page when it is not built (tests of the API alone): the same places to fill. */
const BARE_SHELL = '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8" />\n<title>Amendo</title>\n</head>\n<body>\n<div id="app"></div>\n</body>\n</html>\n';
const TITLE = '<title>Amendo</title>';
const APP = '<div id="app"></div>';

/** Longest description kept: link previews cut theirs around here. */
const DESCRIPTION_CHARS = 200;

/** A description from a text: its first words up to `DESCRIPTION_CHARS`, on one line. */
export function describe(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= DESCRIPTION_CHARS) return line;
  const cut = line.slice(0, DESCRIPTION_CHARS - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

function head(meta: PageMeta): Html {
  return html`<title>${meta.title}</title>
    <meta name="description" content="${meta.description}" />
    <link rel="canonical" href="${meta.url}" />${meta.noindex ? html`
    <meta name="robots" content="noindex" />` : ''}
    <meta property="og:site_name" content="Amendo" />
    <meta property="og:type" content="${meta.type}" />
    <meta property="og:title" content="${meta.title}" />
    <meta property="og:description" content="${meta.description}" />
    <meta property="og:url" content="${meta.url}" />
    <meta name="twitter:card" content="summary" />
    <meta name="twitter:title" content="${meta.title}" />
    <meta name="twitter:description" content="${meta.description}" />`;
}

/**
 * The client's `index.html` with a page rendered into it: its head's title and link-preview metadata, and the
 * content inside `#app`, which the client replaces when it starts (readers without JavaScript keep it).
 */
export class PageShell {
  private readonly before: string;
  private readonly middle: string;
  private readonly after: string;

  constructor(indexHtml: string | null) {
    const shell = indexHtml !== null && indexHtml.includes(TITLE) && indexHtml.includes(APP) ? indexHtml : BARE_SHELL;
    const [before, rest] = split(shell, TITLE);
    const [middle, after] = split(rest, APP);
    this.before = before;
    this.middle = middle;
    this.after = after;
  }

  /** The whole page. */
  render(meta: PageMeta, content: Html): string {
    const lang = html`<html lang="${meta.lang}"`.value;
    return `${this.before.replace(/<html lang="[^"]*"/, () => lang)}${head(meta).value}${this.middle}<div id="app">${content.value}</div>${this.after}`;
  }
}

function split(text: string, marker: string): [string, string] {
  const at = text.indexOf(marker);
  return [text.slice(0, at), text.slice(at + marker.length)];
}
