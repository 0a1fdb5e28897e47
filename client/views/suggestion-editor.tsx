/** The member's editable copy of an article, with its formatting bar and its changes tracked live. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { TextSelection, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { Node } from 'prosemirror-model';
import { redo, undo } from 'prosemirror-history';
import { createSuggestionView } from '../editor/suggestion-setup.js';
import { articleParts, sameWording, type ArticleWording } from '../editor/suggestion-doc.js';
import { trackedChanges } from '../editor/tracked-changes-plugin.js';
import { useI18n, type Translate, type TranslatePlural } from '../i18n/index.js';
import { blocksText } from '../../shared/doc/view.js';
import { TextLimit } from '../../shared/validation/limits.js';
import { formattingTools, Toolbar, type Tool } from './toolbar.js';
import { LengthHint } from './length-hint.js';
import { MentionOffer } from './mention-offer.js';

const tools: Tool[][] = [
  ...formattingTools,
  [
    { id: 'undo', label: 'toolbar.undo', icon: '↶', command: undo, shortcut: 'Ctrl+Z' },
    { id: 'redo', label: 'toolbar.redo', icon: '↷', command: redo, shortcut: 'Ctrl+Y' },
  ],
];

/** The placeholders of empty nodes and the hidden words around tracked changes, in the interface language (CSS strings). */
function editorStyle(t: Translate): Record<string, string> {
  const css = (text: string) => JSON.stringify(` ${text} `);
  return {
    '--ph-article-title': JSON.stringify(t('editor.articleTitlePlaceholder')),
    '--ph-paragraph': JSON.stringify(t('editor.paragraphPlaceholder')),
    '--sg-ins-start': css(t('suggestion.insStart')),
    '--sg-ins-end': css(t('suggestion.insEnd')),
    '--sg-del-start': css(t('suggestion.delStart')),
    '--sg-del-end': css(t('suggestion.delEnd')),
  };
}

/** Where `text` first occurs within one text block of the document, as a selection, or null. */
function findText(doc: Node, text: string): TextSelection | null {
  let found: TextSelection | null = null;
  doc.descendants((node, pos) => {
    if (found) return false;
    if (!node.isTextblock) return true;
    // One character per position: text characters, and a placeholder for each inline leaf (a line break).
    const at = node.textBetween(0, node.content.size, undefined, '\ufffc').indexOf(text);
    if (at >= 0) found = TextSelection.create(doc, pos + 1 + at, pos + 1 + at + text.length);
    return false;
  });
  return found;
}

interface SuggestionEditorProps {
  doc: Node;
  /** The wording changes are tracked against; null for a new article. */
  base: ArticleWording | null;
  /** The editor's accessible name. */
  label: string;
  /** A passage to select when the editor opens (the one the member selected in the draft). */
  select: string | null;
  /** Take focus once mounted. */
  autoFocus: boolean;
  onChange: (state: EditorState) => void;
}

/** The editor of a suggestion: formatting bar, the article's copy (its title editable too), tracked changes shown in it. */
export function SuggestionEditor({ doc, base, label, select, autoFocus, onChange }: SuggestionEditorProps) {
  const { t } = useI18n();
  const mount = useRef<HTMLDivElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<EditorView | null>(null);
  const [state, setState] = useState<EditorState | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const created = createSuggestionView(mount.current!, {
      doc,
      base,
      label,
      onChange: (next) => {
        setState(next);
        changed.current(next);
      },
    });
    setView(created);
    if (autoFocus) {
      const selection = select ? findText(created.state.doc, select) : null;
      if (selection) created.dispatch(created.state.tr.setSelection(selection));
      created.focus();
    }
    return () => created.destroy();
  }, [doc]);

  // ProseMirror focuses without scrolling: once the formatting bar is drawn, bring the editor into view, then the caret.
  useEffect(() => {
    if (!view || !autoFocus) return;
    frame.current!.scrollIntoView({ block: 'nearest' });
    view.dispatch(view.state.tr.scrollIntoView());
  }, [view]);

  useEffect(() => {
    view?.dom.setAttribute('aria-label', label);
  }, [view, label]);

  const text = state ? blocksText(articleParts(state.doc).blocks) : '';
  return (
    <div class="sg-editor" style={editorStyle(t)} ref={frame}>
      {view && state && <Toolbar view={view} state={state} groups={tools} />}
      <div class="sg-paper" ref={mount} />
      <LengthHint value={text} limit={TextLimit.amendmentText} />
      {view && state && <MentionOffer view={view} state={state} />}
    </div>
  );
}

/** "2 insertions, 1 deletion", or why there is nothing to count: no change yet, or only the layout or formatting. */
export function changeSummary(t: Translate, tn: TranslatePlural, state: EditorState, base: ArticleWording): string {
  if (sameWording(articleParts(state.doc), base)) return t('suggestion.noChange');
  const { insertions, deletions } = trackedChanges(state);
  if (insertions + deletions === 0) return t('suggestion.layoutOnly');
  return [insertions > 0 && tn('suggestion.insertions', insertions), deletions > 0 && tn('suggestion.deletions', deletions)].filter(Boolean).join(', ');
}
