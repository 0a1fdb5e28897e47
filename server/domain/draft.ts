import { eq } from 'drizzle-orm';
import { SERVER_ORIGIN } from '../collab/registry.js';
import { rulebooks, type Rulebook } from '../db/schema.js';
import { readDraft, writeDraftDoc } from '../../shared/doc/ydoc.js';
import { draftView } from '../../shared/doc/view.js';
import { parseRulebookMarkdown, titleKey } from '../../shared/doc/markdown.js';
import { referMentions } from '../../shared/doc/mentions.js';
import { newNodeId } from '../../shared/doc/ids.js';
import { rulebookSchema } from '../../shared/schema.js';
import { errors } from '../errors.js';
import { requireOrganiser } from './access.js';
import type { Domain } from './context.js';
import { commitDraftEdit } from './effects.js';
import type { DraftView, Me } from '../../shared/validation/api.js';

/** The current draft of a rulebook as the public JSON view (computed once per change of the draft, frozen). */
export function getDraft({ docs }: Domain, rulebookId: string): Promise<DraftView> {
  return docs.view(rulebookId, readDraft);
}

/** Write the first content of a new rulebook's draft: its title and one empty article. */
export async function initialiseDraft({ docs }: Domain, rulebookId: string, title: string): Promise<void> {
  const doc = rulebookSchema.nodeFromJSON({
    type: 'doc',
    content: [
      { type: 'title', content: [{ type: 'text', text: title }] },
      { type: 'article', attrs: { id: newNodeId('article') }, content: [{ type: 'article_title' }, { type: 'paragraph' }] },
    ],
  });
  await docs.withDoc(rulebookId, (ydoc) => writeDraftDoc(ydoc, doc, SERVER_ORIGIN));
}

/**
 * Replace a rulebook's draft with the rules written in Markdown (organisers), in one Yjs transaction that
 * connected editors see live; the rulebook takes the draft's title. Articles whose title is unchanged keep their
 * id (and so their comments and amendments). With `references`, mentions of the imported articles by number ("see
 * article 12") become references to them, which follow renumbering.
 */
export async function importDraft(ctx: Domain, rulebook: Rulebook, actor: Me | null, markdown: string, { references = false } = {}): Promise<DraftView> {
  const user = await requireOrganiser(ctx.db, rulebook, actor);
  return commitDraftEdit(ctx, rulebook.id, user, async (ydoc, tx, effects) => {
    const keptIds = new Map<string, string>();
    const before = readDraft(ydoc).articles;
    for (const a of before) if (!keptIds.has(titleKey(a.title))) keptIds.set(titleKey(a.title), a.id);
    const parsed = parseRulebookMarkdown(markdown, keptIds);
    if (!parsed.ok) throw errors.invalidMarkdown(parsed.code, parsed.message);
    const doc = references ? referMentions(parsed.doc) : parsed.doc;
    writeDraftDoc(ydoc, doc, SERVER_ORIGIN);
    const view = draftView(doc);
    const title = view.title.trim();
    if (title) await tx.update(rulebooks).set({ title }).where(eq(rulebooks.id, rulebook.id));
    effects.record('draft.imported', { title, articlesBefore: before.length, articles: view.articles.length });
    return view;
  });
}
