import type { Command, EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { toggleMark } from 'prosemirror-commands';
import { redoCommand, undoCommand } from 'y-prosemirror';
import { rulebookSchema } from '../../shared/schema.js';
import { inList, insertArticle, insertSection, markActive, toggleList } from '../editor/commands.js';
import { useI18n, type MessageKey } from '../i18n/index.js';

const { marks, nodes } = rulebookSchema;

/** One button of a formatting bar. */
export interface Tool {
  id: string;
  label: MessageKey;
  /** Short visible symbol; the full label is the accessible name (visible too on wide tools) and tooltip. */
  icon: string;
  command: Command;
  /** Whether the tool is on at the selection (a mark, a list), for `aria-pressed`. */
  active?: (state: EditorState) => boolean;
  wide?: boolean;
  shortcut?: string;
  /** The tool opens a dialog rather than acting at once. */
  dialog?: boolean;
}

/** Bold, italic and the two lists: what every editor of an article's text offers (the suggestion editor too). */
export const formattingTools: Tool[][] = [
  [
    { id: 'bold', label: 'toolbar.bold', icon: 'B', command: toggleMark(marks.strong), active: (s) => markActive(s, marks.strong), shortcut: 'Ctrl+B' },
    { id: 'italic', label: 'toolbar.italic', icon: 'I', command: toggleMark(marks.em), active: (s) => markActive(s, marks.em), shortcut: 'Ctrl+I' },
  ],
  [
    { id: 'bullet-list', label: 'toolbar.bulletList', icon: '•', command: toggleList(nodes.bullet_list), active: (s) => inList(s, nodes.bullet_list) },
    { id: 'ordered-list', label: 'toolbar.orderedList', icon: '1.', command: toggleList(nodes.ordered_list), active: (s) => inList(s, nodes.ordered_list) },
  ],
];

/** The organisers' bar over the draft; `pickReference` opens the picker of an article to refer to. */
export const draftTools = (pickReference: Command): Tool[][] => [
  [
    { id: 'new-article', label: 'toolbar.newArticle', icon: '+', command: insertArticle, wide: true },
    { id: 'section', label: 'toolbar.section', icon: '§', command: insertSection, wide: true },
  ],
  ...formattingTools,
  [{ id: 'reference', label: 'references.tool', icon: '→', command: pickReference, shortcut: 'Ctrl+Alt+R', dialog: true }],
  [
    { id: 'undo', label: 'toolbar.undo', icon: '↶', command: undoCommand, shortcut: 'Ctrl+Z' },
    { id: 'redo', label: 'toolbar.redo', icon: '↷', command: redoCommand, shortcut: 'Ctrl+Y' },
  ],
];

/**
 * A formatting bar; each button runs a command on the editor and gives focus back to it (a tool opening a dialog
 * leaves focus to the dialog).
 */
export function Toolbar({ view, state, groups }: { view: EditorView; state: EditorState; groups: Tool[][] }) {
  const { t } = useI18n();
  const run = (tool: Tool) => {
    tool.command(view.state, view.dispatch, view);
    if (!tool.dialog) view.focus();
  };
  return (
    <div class="toolbar" role="toolbar" aria-label={t('toolbar.label')} data-testid="toolbar">
      {groups.map((group) => (
        <div class="toolbar-group">
          {group.map((tool) => {
            const label = t(tool.label);
            return (
              <button
                type="button"
                class={`tool tool-${tool.id}${tool.wide ? ' tool-wide' : ''}`}
                data-testid={`tool-${tool.id}`}
                title={tool.shortcut ? `${label} (${tool.shortcut})` : label}
                aria-pressed={tool.active ? tool.active(state) : undefined}
                aria-haspopup={tool.dialog ? 'dialog' : undefined}
                disabled={!tool.command(state)}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => run(tool)}
              >
                <span class="tool-icon" aria-hidden="true">
                  {tool.icon}
                </span>
                {/* The name is the label as text: the icon ("1." for a numbered list) is a symbol, not a visible label. */}
                <span class={tool.wide ? 'tool-text' : 'visually-hidden'}>{label}</span>
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
