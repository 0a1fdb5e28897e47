import { Plugin, PluginKey } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';

/**
 * Keeps a reader's draft unchanged while it stays a focusable, editable host: browsers give a caret and
 * shift+arrow selection only inside one, which is how a keyboard user selects a passage to quote. Every
 * transaction changing the document is refused unless it comes from Yjs (the organisers' edits); typing, pasting,
 * dropping and other input events are swallowed before they reach the page, so nothing flickers in and out.
 */
export function readOnlyPlugin(): Plugin {
  const refuse = () => true;
  return new Plugin({
    key: new PluginKey('amendo-read-only'),
    filterTransaction: (tr) => !tr.docChanged || tr.getMeta(ySyncPluginKey) !== undefined,
    props: {
      handleTextInput: refuse,
      handlePaste: refuse,
      handleDrop: refuse,
      handleDOMEvents: {
        // Covers what the keymap and text input do not see: spelling fixes, dictation, deleting by word on phones.
        beforeinput: (_view, event) => {
          event.preventDefault();
          return true;
        },
        cut: (_view, event) => {
          event.preventDefault();
          return true;
        },
      },
    },
  });
}
