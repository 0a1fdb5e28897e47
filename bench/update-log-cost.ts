// What the update log costs on one engine: one commit on the durable path of a live edit (`UpdateLog.append`, the
// row a room's flush writes) and one read-back that finds nothing new (`UpdateLog.since`, what each instance runs for
// each loaded draft every 5 s when other instances share the database). Run on the database a benchmark server used,
// in a process of its own because a process queries one dialect only.
// Usage: node --import tsx bench/update-log-cost.ts <sqlite path | postgres:// URL> <rulebook slug> <count>
// Prints one line of JSON: { appends, readBacks } (the latency of each, in ms) and snapshotBytes (the compacted draft
// each read-back reads).
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import { first } from '../server/db/handle.js';
import { openDatabase } from '../server/db/open.js';
import { openPostgresHandle } from '../server/db/open-pg.js';
import { docSnapshots, rulebooks } from '../server/db/schema.js';
import { UpdateLog } from '../server/collab/update-log.js';

const [target, slug, count] = process.argv.slice(2);
if (!target || !slug || !count) throw new Error('usage: update-log-cost.ts <sqlite path | postgres:// URL> <rulebook slug> <count>');
const { db, close } = /^postgres(ql)?:/.test(target) ? await openPostgresHandle(target) : openDatabase(target);
/** The time `work` takes, `count` times in a row, in ms. */
const timed = async (work: (i: number) => Promise<unknown>) => {
  const ms: number[] = [];
  for (let i = 0; i < Number(count); i++) {
    const t0 = performance.now();
    await work(i);
    ms.push(performance.now() - t0);
  }
  return ms;
};
try {
  const rulebook = first(await db.select({ id: rulebooks.id }).from(rulebooks).where(eq(rulebooks.slug, slug)));
  if (!rulebook) throw new Error(`no rulebook ${slug}`);
  const log = new UpdateLog(db);
  // A keystroke's worth of Yjs update each, as a flush of one edit writes it.
  const doc = new Y.Doc();
  const text = doc.getText('bench');
  const updates = Array.from({ length: Number(count) }, (_, i) => {
    const before = Y.encodeStateVector(doc);
    text.insert(0, `~a${i}~ `);
    return Y.encodeStateAsUpdate(doc, before);
  });
  const appends = await timed((i) => log.append(rulebook.id, updates[i]!));
  const { lastSeq } = await log.since(null, rulebook.id, -1);
  const readBacks = await timed(() => log.since(null, rulebook.id, lastSeq));
  const snapshot = first(await db.select({ data: docSnapshots.data }).from(docSnapshots).where(eq(docSnapshots.rulebookId, rulebook.id)));
  console.log(JSON.stringify({ appends, readBacks, snapshotBytes: snapshot?.data.byteLength ?? 0 }));
} finally {
  await close();
}
