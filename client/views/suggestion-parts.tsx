/** Pieces of suggestion mode shown beside the editor. */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { DOMSerializer, Fragment } from 'prosemirror-model';
import { rulebookSchema } from '../../shared/schema.js';
import type { ArticleWording } from '../editor/suggestion-doc.js';
import { useI18n } from '../i18n/index.js';

const serializer = DOMSerializer.fromSchema(rulebookSchema);

/** The article a deletion would remove, struck through as a deletion in the editor is, its formatting kept. */
export function StruckArticle({ wording }: { wording: ArticleWording }) {
  const { t } = useI18n();
  const body = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    body.current!.replaceChildren(serializer.serializeFragment(Fragment.from(wording.blocks)));
  }, [wording]);
  return (
    <div class="sg-paper sg-struck" data-testid="suggestion-deleted-article">
      <del class="sg-del">
        <p class="sg-struck-title">{wording.title || t('toc.untitled')}</p>
        <div ref={body} />
      </del>
    </div>
  );
}
