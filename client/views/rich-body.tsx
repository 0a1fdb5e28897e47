import type { ComponentChildren } from 'preact';
import type { ArticleContent, BlockJson } from '../../shared/doc/content.js';
import { refReading } from '../../shared/schema.js';

/** One node of an article body (ProseMirror JSON) as elements: text in its bold and italic, paragraphs, lists, line breaks, references to articles. */
function node(json: BlockJson): ComponentChildren {
  const children = () => json.content?.map(node);
  switch (json.type) {
    case 'text': {
      let text: ComponentChildren = json.text;
      if (json.marks?.some((m) => m.type === 'em')) text = <em>{text}</em>;
      if (json.marks?.some((m) => m.type === 'strong')) text = <strong>{text}</strong>;
      return text;
    }
    case 'hard_break':
      return <br />;
    case 'article_ref': {
      const { target, word = 'article', label = '', n } = (json.attrs ?? {}) as { target?: string; word?: string; label?: string; n?: number | null };
      return (
        <a class="rb-ref" href={`#article-${target ?? ''}`} data-target={target}>
          {refReading({ word, label }, n)}
        </a>
      );
    }
    case 'paragraph':
      return <p>{children()}</p>;
    case 'bullet_list':
      return <ul>{children()}</ul>;
    case 'ordered_list': {
      const start = Number(json.attrs?.order ?? 1);
      return <ol start={start === 1 ? undefined : start}>{children()}</ol>;
    }
    case 'list_item':
      return <li>{children()}</li>;
    default:
      return null;
  }
}

/** An article's body with its formatting, from its structured content. */
export function RichBody({ content }: { content: ArticleContent }) {
  return <>{content.map(node)}</>;
}
