import type { Mark, Node } from 'prosemirror-model';
import { refText } from '../../shared/schema.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe inside HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Markup safe to insert as it is: made by `html` (which escapes what it interpolates) or `raw`. */
export class Html {
  constructor(readonly value: string) {}
}

type Part = string | number | Html | null | undefined | false | readonly Part[];

function part(value: Part): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(part).join('');
  return escapeHtml(String(value));
}

/** Build HTML from a template: strings and numbers interpolated are escaped, `Html` values and arrays of them are not. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? part(values[i]!) : ''), ''));
}

/** Markup trusted as it is (made here, never from what people write). */
export const raw = (markup: string) => new Html(markup);

const MARK_TAGS: Record<string, string> = { strong: 'strong', em: 'em' };

function markTags(marks: readonly Mark[]): string[] {
  return marks.map((m) => MARK_TAGS[m.type.name]).filter((tag): tag is string => tag !== undefined);
}

function inlineHtml(block: Node): string {
  let out = '';
  block.forEach((child) => {
    if (child.type.name === 'hard_break') out += '<br>';
    else if (child.type.name === 'article_ref') out += `<a class="rb-ref" href="#article-${escapeHtml(child.attrs.target as string)}">${escapeHtml(refText(child))}</a>`;
    else if (child.isText) {
      const tags = markTags(child.marks);
      out += tags.map((t) => `<${t}>`).join('') + escapeHtml(child.text ?? '') + tags.reverse().map((t) => `</${t}>`).join('');
    }
  });
  return out;
}

/** One block of a rulebook document (paragraph or list, with bold and italic) as HTML. */
export function blockHtml(block: Node): Html {
  const name = block.type.name;
  if (name === 'bullet_list' || name === 'ordered_list') {
    const order = name === 'ordered_list' ? (block.attrs.order as number) : 1;
    const items: Html[] = [];
    block.forEach((item) => {
      const inner: Html[] = [];
      item.forEach((child) => inner.push(blockHtml(child)));
      items.push(html`<li>${inner}</li>`);
    });
    if (name === 'bullet_list') return html`<ul>${items}</ul>`;
    return order === 1 ? html`<ol>${items}</ol>` : html`<ol start="${order}">${items}</ol>`;
  }
  return new Html(`<p>${inlineHtml(block)}</p>`);
}

/** A block of plain text as HTML (line breaks kept): for text whose formatting is not known. */
export function plainBlockHtml(text: string): Html {
  return html`<p>${text.split('\n').map((line, i) => html`${i > 0 ? raw('<br>') : ''}${line}`)}</p>`;
}
