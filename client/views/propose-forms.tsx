import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { describeDebateError, useI18n } from '../i18n/index.js';
import type { Amendment, AmendmentKind } from '../../shared/validation/amendments.js';
import { TextLimit } from '../../shared/validation/limits.js';
import { FormError } from './form-error.js';
import { LengthHint } from './length-hint.js';
import { rulebookHref, useDebate, type ArticleRef } from './debate-context.js';
import { useAction } from './use-action.js';
import type { PassageRequest } from './draft-selection-tools.js';

/**
 * One proposal form: a change of the article, a new article after it, or its deletion. A change started from a
 * selected passage quotes it above the text and opens with that passage selected in the text, ready to retype.
 */
function ProposeForm({ kind, article, quote, onDone, onCancel }: {
  kind: AmendmentKind;
  article: ArticleRef;
  quote: string | null;
  onDone: (created: Amendment) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { slug } = useDebate();
  const [title, setTitle] = useState(kind === 'modify' ? article.title : '');
  const [text, setText] = useState('');
  const [rationale, setRationale] = useState('');
  const [asDraft, setAsDraft] = useState(false);
  // A change starts from the article's wording as the server holds it now (the base the amendment is judged against).
  const [loaded, setLoaded] = useState(kind !== 'modify');
  const { busy, error, setError, run } = useAction();
  const first = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const textField = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (kind !== 'modify') return;
    let current = true;
    api.getDraft(slug).then(
      (draft) => {
        if (!current) return;
        const found = draft.articles.find((a) => a.id === article.id);
        if (found) {
          setTitle(found.title);
          setText(found.text);
        }
        setLoaded(true);
      },
      (err: unknown) => {
        if (!current) return;
        setError(describeDebateError(t, err));
        setLoaded(true);
      },
    );
    return () => {
      current = false;
    };
  }, [kind, slug, article.id]);

  useEffect(() => {
    if (!loaded) return;
    const field = textField.current;
    const at = quote && field ? field.value.indexOf(quote) : -1;
    if (at < 0 || !field) {
      first.current?.focus();
      return;
    }
    field.focus();
    field.setSelectionRange(at, at + quote!.length);
  }, [loaded]);

  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const body =
        kind === 'modify'
          ? { kind, articleId: article.id, ...(title.trim() ? { title: title.trim() } : {}), text, rationale: rationale.trim() }
          : kind === 'insert'
            ? { kind, afterArticleId: article.id, title: title.trim(), text, rationale: rationale.trim() }
            : { kind, articleId: article.id, rationale: rationale.trim() };
      onDone(await api.createAmendment(slug, { ...body, ...(asDraft ? { draft: true } : {}) }));
    });
  };

  const heading = t(`propose.${kind}Title`, { n: article.number });
  const formId = `propose-${kind}-${article.id}`;
  return (
    <form class="propose-form stack-tight" onSubmit={submit} aria-labelledby={`${formId}-heading`} data-testid={`propose-${kind}-form`}>
      <h4 id={`${formId}-heading`}>{heading}</h4>
      {!loaded ? (
        <p class="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      ) : (
        <>
          {kind === 'delete' && <p class="muted small">{t('propose.deleteHelp', { n: article.number })}</p>}
          {quote && (
            <figure class="propose-quote" data-testid="propose-quote">
              <figcaption class="small muted">{t('propose.quoteCaption')}</figcaption>
              <blockquote class="comment-quote">{quote}</blockquote>
            </figure>
          )}
          {kind !== 'delete' && (
            <>
              <label class="field">
                <span>{t('propose.fieldTitle')}</span>
                <input ref={first} name="title" required={kind === 'insert'} maxLength={TextLimit.amendmentTitle} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
              </label>
              <label class="field">
                <span>{t('propose.fieldText')}</span>
                <textarea
                  ref={textField}
                  name="text"
                  rows={kind === 'modify' ? 10 : 6}
                  required
                  maxLength={TextLimit.amendmentText}
                  aria-describedby={`${formId}-text-hint`}
                  value={text}
                  onInput={(e) => setText(e.currentTarget.value)}
                />
                <small id={`${formId}-text-hint`}>{t('propose.textHint')}</small>
              </label>
              <LengthHint value={text} limit={TextLimit.amendmentText} />
            </>
          )}
          <label class="field">
            <span>{t('propose.fieldRationale')}</span>
            <textarea
              ref={kind === 'delete' ? first : undefined}
              name="rationale"
              rows={3}
              required
              maxLength={TextLimit.rationale}
              aria-describedby={`${formId}-rationale-hint`}
              value={rationale}
              onInput={(e) => setRationale(e.currentTarget.value)}
            />
            <small id={`${formId}-rationale-hint`}>{t('propose.rationaleHint')}</small>
          </label>
          <LengthHint value={rationale} limit={TextLimit.rationale} />
          <label class="checkbox">
            <input type="checkbox" checked={asDraft} data-testid="propose-as-draft" onChange={(e) => setAsDraft(e.currentTarget.checked)} />
            <span>{t('propose.asDraft')}</span>
          </label>
        </>
      )}
      <FormError message={error} />
      <div class="button-row">
        <button type="submit" class="button button-small" disabled={busy || !loaded || !rationale.trim()} data-testid="propose-submit">
          {t(`propose.${kind}Submit`)}
        </button>
        <button type="button" class="button-quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The three ways to propose an amendment about an article, each opening its form; a passage request opens the change. */
export function ProposeActions({ article, request }: { article: ArticleRef; request: PassageRequest | null }) {
  const { t } = useI18n();
  const { slug } = useDebate();
  const [open, setOpen] = useState<AmendmentKind | null>(null);
  const [created, setCreated] = useState<Amendment | null>(null);
  const [quote, setQuote] = useState<string | null>(null);
  const opener = useRef<Partial<Record<AmendmentKind, HTMLButtonElement | null>>>({});

  useEffect(() => {
    if (request) return;
    setOpen(null);
    setCreated(null);
  }, [article.id]);
  useEffect(() => {
    if (!request) return;
    setCreated(null);
    setQuote(request.text);
    setOpen('modify');
  }, [request?.n]);

  const close = (kind: AmendmentKind) => {
    setOpen(null);
    opener.current[kind]?.focus();
  };

  const button = (kind: AmendmentKind, testid: string) => (
    <button
      type="button"
      ref={(el) => {
        opener.current[kind] = el;
      }}
      class="button-quiet propose-button"
      aria-expanded={open === kind}
      data-testid={testid}
      onClick={() => {
        setCreated(null);
        setQuote(null);
        setOpen(open === kind ? null : kind);
      }}
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
      {created && (
        <p class="form-success" role="status" data-testid="propose-done">
          {created.status === 'draft' ? t('propose.draftDone') : t('propose.done', { n: created.number })} <a href={rulebookHref(slug, { amendment: created.id })}>{t('propose.view')}</a>
        </p>
      )}
      {open && (
        <ProposeForm
          key={`${open}/${article.id}/${request?.n ?? 0}`}
          kind={open}
          article={article}
          quote={open === 'modify' ? quote : null}
          onDone={(amendment) => {
            setCreated(amendment);
            close(open);
          }}
          onCancel={() => close(open)}
        />
      )}
    </div>
  );
}
