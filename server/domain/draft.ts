import type { DocRegistry } from '../collab/registry.js';
import { SERVER_ORIGIN } from '../collab/registry.js';
import { readDraft, writeDraftDoc } from '../../shared/doc/ydoc.js';
import { parseRulebookMarkdown, titleKey } from '../../shared/doc/markdown.js';
import { newNodeId } from '../../shared/doc/ids.js';
import { rulebookSchema } from '../../shared/schema.js';
import { errors } from '../errors.js';
import type { Db } from '../db/open.js';
import { requireOrganiser } from './access.js';
import { renameRulebook, type Rulebook } from './rulebooks.js';
import type { DraftView, Me } from '../../shared/validation/api.js';

/** The current draft of a rulebook as the public JSON view. */
export function getDraft(registry: DocRegistry, rulebookId: string): DraftView {
  return registry.withDoc(rulebookId, readDraft);
}

/** Write the first content of a new rulebook's draft: its title and one empty article. */
export function initialiseDraft(registry: DocRegistry, rulebookId: string, title: string): void {
  const doc = rulebookSchema.nodeFromJSON({
    type: 'doc',
    content: [
      { type: 'title', content: [{ type: 'text', text: title }] },
      { type: 'article', attrs: { id: newNodeId('article') }, content: [{ type: 'article_title' }, { type: 'paragraph' }] },
    ],
  });
  registry.withDoc(rulebookId, (ydoc) => writeDraftDoc(ydoc, doc, SERVER_ORIGIN));
}

/**
 * Replace a rulebook's draft with the rules written in Markdown (organisers), in one Yjs transaction that
 * connected editors see live; the rulebook takes the draft's title. Articles whose title is unchanged keep their
 * id (and so their comments and amendments).
 */
export function importDraft(db: Db, registry: DocRegistry, rulebook: Rulebook, actor: Me | null, markdown: string): DraftView {
  requireOrganiser(db, rulebook, actor);
  const draft = registry.withDoc(rulebook.id, (ydoc) => {
    const keptIds = new Map<string, string>();
    for (const a of readDraft(ydoc).articles) if (!keptIds.has(titleKey(a.title))) keptIds.set(titleKey(a.title), a.id);
    const parsed = parseRulebookMarkdown(markdown, keptIds);
    if (!parsed.ok) throw errors.invalidMarkdown(parsed.code, parsed.message);
    writeDraftDoc(ydoc, parsed.doc, SERVER_ORIGIN);
    return readDraft(ydoc);
  });
  if (draft.title.trim()) renameRulebook(db, rulebook, draft.title.trim());
  return draft;
}

