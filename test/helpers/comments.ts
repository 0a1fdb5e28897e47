import { first } from '../../server/db/handle.js';
import { count } from 'drizzle-orm';
import { WebSocket } from 'ws';
import type * as Y from 'yjs';
import type { ApiClient } from './client.js';
import type { TestServer } from './server.js';
import { articleElement } from './draft.js';
import { auditEvents, comments } from '../../server/db/schema.js';
import type { RulebookEvent } from '../../shared/protocol.js';

/** Set the consultation window to open and close this many milliseconds from now (negative: in the past). */
export async function setWindow(organiser: ApiClient, slug: string, opensIn: number, closesIn: number) {
  const res = await organiser.request('PATCH', `/api/rulebooks/${slug}`, {
    opensAt: new Date(Date.now() + opensIn).toISOString(),
    closesAt: new Date(Date.now() + closesIn).toISOString(),
  });
  if (res.status !== 200) throw new Error(`window failed: ${JSON.stringify(res.body)}`);
}

/** How many comments and audit entries the server has stored, over every rulebook. */
export async function storedRows(server: TestServer): Promise<{ comments: number; audit: number; }> {
  const db = server.app.db;
  return { comments: first(await db.select({ n: count() }).from(comments))!.n, audit: first(await db.select({ n: count() }).from(auditEvents))!.n };
}

/** Listen to a rulebook's events channel as a browser would; `received` fills as messages arrive. */
export async function listenToEvents(server: TestServer, slug: string): Promise<{ received: RulebookEvent[]; close(): void }> {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/events/${slug}`);
  const received: RulebookEvent[] = [];
  ws.on('message', (data: Buffer) => received.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { received, close: () => ws.close() };
}

/** Where a passage is in an article's first paragraph: its text run and the index it starts at. */
function findPassage(doc: Y.Doc, articleId: string, passage: string): { run: Y.XmlText; index: number } {
  const run = (articleElement(doc, articleId).get(1) as Y.XmlElement).get(0) as Y.XmlText;
  const text = (run.toDelta() as { insert: string }[]).map((op) => op.insert).join('');
  const index = text.indexOf(passage);
  if (index < 0) throw new Error(`"${passage}" is not in article ${articleId}`);
  return { run, index };
}

/** Type `text` just before or just after a passage of an article's first paragraph. */
export function typeBeside(doc: Y.Doc, articleId: string, passage: string, at: 'before' | 'after', text: string): void {
  const { run, index } = findPassage(doc, articleId, passage);
  run.insert(at === 'before' ? index : index + passage.length, text);
}

/** Make a passage of an article's first paragraph bold, as the editor's "strong" mark does. */
export function boldInArticle(doc: Y.Doc, articleId: string, passage: string): void {
  const { run, index } = findPassage(doc, articleId, passage);
  run.format(index, passage.length, { strong: {} });
}

/** Delete a passage from an article's first paragraph, as an editor would. */
export function deleteFromArticle(doc: Y.Doc, articleId: string, passage: string): void {
  const { run, index } = findPassage(doc, articleId, passage);
  run.delete(index, passage.length);
}
