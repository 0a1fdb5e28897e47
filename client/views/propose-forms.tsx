import { useEffect, useRef, useState } from 'preact/hooks';
import type { Node } from 'prosemirror-model';
import { useI18n } from '../i18n/index.js';
import type { Amendment, AmendmentKind } from '../../shared/validation/amendments.js';
import { articleBlocks } from '../../shared/doc/content.js';
import type { ArticleWording } from '../editor/suggestion-doc.js';
import { rulebookHref, useDebate, type ArticleRef } from './debate-context.js';
import type { PassageRequest } from './draft-selection-tools.js';
import { SuggestionDialog } from './suggestion-dialog.js';

/** Suggestion mode as opened: on which choice, with which passage, from the article's wording at that moment. */
interface Opened {
  kind: AmendmentKind;
  quote: string | null;
  base: ArticleWording;
}

interface ProposeActionsProps {
  article: ArticleRef;
  /** A passage the floating toolbar sent to suggest a change of. */
  request: PassageRequest | null;
  /** The live draft as the reader has it now: the wording a suggestion starts from. */
  draftDoc: () => Node | null;
}

/**
 * The three ways to propose an amendment about an article, each opening suggestion mode on its choice; a passage
 * request opens the change with the passage selected. Says where the amendment went once sent.
 */
export function ProposeActions({ article, request, draftDoc }: ProposeActionsProps) {
  const { t } = useI18n();
  const { slug } = useDebate();
  const [open, setOpen] = useState<Opened | null>(null);
  const [created, setCreated] = useState<Amendment | null>(null);
  const [missing, setMissing] = useState(false);
  const opener = useRef<Partial<Record<AmendmentKind, HTMLButtonElement | null>>>({});

  const start = (kind: AmendmentKind, quote: string | null) => {
    setCreated(null);
    const doc = draftDoc();
    const blocks = doc && articleBlocks(doc, article.id);
    setMissing(!blocks);
    if (blocks) setOpen({ kind, quote, base: { title: article.title, blocks } });
  };

  useEffect(() => {
    if (request) return;
    setOpen(null);
    setCreated(null);
    setMissing(false);
  }, [article.id]);
  useEffect(() => {
    if (request) start('modify', request.text);
  }, [request?.n]);

  const close = (kind: AmendmentKind) => {
    setOpen(null);
    // Once the dialog is gone; the opener of a passage request was the floating toolbar, gone too.
    setTimeout(() => opener.current[kind]?.focus());
  };

  const button = (kind: AmendmentKind, testid: string) => (
    <button
      type="button"
      ref={(el) => {
        opener.current[kind] = el;
      }}
      class="button-quiet propose-button"
      aria-haspopup="dialog"
      data-testid={testid}
      onClick={() => start(kind, null)}
    >
      {t(`propose.${kind}`)}
    </button>
  );

  return (
    <div class="propose" data-testid="propose">
      <div class="propose-buttons">
        {button('modify', 'propose-change')}
        {button('insert', 'propose-insert')}
        {button('delete', 'propose-delete')}
      </div>
      {missing && (
        <p class="form-error" role="alert">
          {t('suggestion.articleGone')}
        </p>
      )}
      {created && (
        <p class="form-success" role="status" data-testid="propose-done">
          {created.status === 'draft' ? t('propose.draftDone') : t('propose.done', { n: created.number })} <a href={rulebookHref(slug, { amendment: created.id })}>{t('propose.view')}</a>
        </p>
      )}
      {open && (
        <SuggestionDialog
          key={`${article.id}/${request?.n ?? 0}/${open.kind}`}
          article={article}
          base={open.base}
          kind={open.kind}
          quote={open.quote}
          onDone={(amendment) => {
            setCreated(amendment);
            close(open.kind);
          }}
          onClose={() => close(open.kind)}
        />
      )}
    </div>
  );
}
