import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type { ServerProcess } from '../child-server.js';
import { articleTexts, createRulebookDoc, openFullClient, openWatcher, randomSource, sleep, until, withTimeout } from '../fixtures.js';
import { draftFragment } from '../../shared/doc/ydoc.js';
import { BenchClient, marker, syncMessage } from '../wire.js';

/** How the malformed-input scenario runs. */
export interface MalformedParams {
  messages: number;
  articles: number;
  /** Size of the one oversized frame. */
  bigFrameBytes: number;
  seed: number;
}

/** How the server coped with fuzzed input. */
export interface MalformedResult {
  sent: number;
  serverUp: boolean;
  /** Writer edits the following reader never received. */
  readerMissed: number;
  writerEdits: number;
  /** Whether a fresh client's draft equals the writer's (only the writer's edits changed it). */
  documentIntact: boolean;
  /** Close code → how many times the fuzzing connection was closed with it. */
  closeCodes: Map<number, number>;
}

/** One fuzzed message: `framed` ones get the Hocuspocus document prefix so they reach the document handler. */
interface Fuzz {
  data: Uint8Array | string;
  framed: boolean;
}

const bytes = (random: () => number, n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));

/** A Yjs update whose insertion sits after text the server has never seen (a missing dependency). */
function updateWithUnknownStructs(random: () => number): Uint8Array {
  const a = new Y.Doc();
  a.clientID = 1 + Math.floor(random() * 2 ** 30);
  a.getXmlFragment('draft').insert(0, [new Y.XmlText('unseen')]);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const before = Y.encodeStateVector(b);
  (b.getXmlFragment('draft').get(0) as Y.XmlText).insert(3, 'orphan');
  return Y.encodeStateAsUpdate(b, before);
}

/** The i-th fuzzed message: truncated varints, unknown message types, random bytes, orphan updates, garbage. */
function fuzzMessage(i: number, random: () => number): Fuzz {
  const e = encoding.createEncoder();
  switch (i % 8) {
    case 0: // a varint whose continuation bit never ends
      return { data: Uint8Array.from({ length: 1 + Math.floor(random() * 4) }, () => 0x80 | Math.floor(random() * 128)), framed: true };
    case 1: // a sync message cut short: the declared length runs past the end
      return { data: Uint8Array.from([0, Math.floor(random() * 3), 0x85, ...bytes(random, 2)]), framed: true };
    case 2: // a message type no server defines
      encoding.writeVarUint(e, 11 + Math.floor(random() * 240));
      encoding.writeUint8Array(e, bytes(random, Math.floor(random() * 32)));
      return { data: encoding.toUint8Array(e), framed: true };
    case 3:
      return { data: bytes(random, 1 + Math.floor(random() * 64)), framed: false };
    case 4:
      return { data: syncMessage(2, updateWithUnknownStructs(random)), framed: true };
    case 5: // a well-framed sync step 2 or update whose payload is not a Yjs update
      return { data: syncMessage(1 + Math.floor(random() * 2), bytes(random, 1 + Math.floor(random() * 64))), framed: true };
    case 6:
      return { data: 'not a binary frame', framed: false };
    default: // an awareness message whose payload is garbage
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, bytes(random, 1 + Math.floor(random() * 32)));
      return { data: encoding.toUint8Array(e), framed: true };
  }
}

/**
 * One anonymous connection sends `messages` fuzzed messages (and one oversized frame), reconnecting whenever the
 * server closes it, while a writer edits and a reader follows. Afterwards: is the server up, did the reader get
 * every edit, and does a fresh client see exactly the writer's document?
 */
export async function runMalformed(server: ServerProcess, p: MalformedParams): Promise<MalformedResult> {
  const doc = await createRulebookDoc(server, 'fuzz', p.articles);
  const random = randomSource(p.seed);
  const writer = await openFullClient(doc, doc.writer);
  const reader = openWatcher(doc);
  await withTimeout(reader.client.synced, 20_000, 'reader sync');
  const texts = articleTexts(writer.doc);
  let writerEdits = 0;
  let fuzzing = true;
  const writing = (async () => {
    while (fuzzing && writerEdits < 10_000) {
      texts[writerEdits % texts.length]!.insert(0, marker(`z${writerEdits}`));
      writerEdits++;
      await sleep(50);
    }
  })();

  const closeCodes = new Map<number, number>();
  let fuzzer: BenchClient | null = null;
  let closedCode: number | null = null;
  let connectFailures = 0;
  let sent = 0;
  const deadline = performance.now() + Math.max(30_000, p.messages * 5);
  for (let i = 0; i < p.messages && performance.now() < deadline && connectFailures < 20; i++) {
    if (!fuzzer) {
      const next = new BenchClient(doc);
      closedCode = null;
      void next.closed.then(({ code }) => {
        closedCode = code;
        if (fuzzing) closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
      });
      const opened = await Promise.race([new Promise((r) => next.ws.once('open', () => r(true))), next.closed.then(() => false), sleep(5_000).then(() => false)]);
      if (!opened) {
        connectFailures++;
        next.drop();
        continue;
      }
      fuzzer = next;
    }
    const big = i === Math.floor(p.messages / 2);
    const fuzz: Fuzz = big ? { data: syncMessage(2, bytes(random, p.bigFrameBytes)), framed: true } : fuzzMessage(i, random);
    if (fuzz.framed && typeof fuzz.data !== 'string') fuzzer.sendMessage(fuzz.data);
    else fuzzer.sendRaw(fuzz.data);
    sent++;
    await Promise.race([fuzzer.closed, sleep(big ? 2_000 : 1)]);
    if (closedCode !== null) fuzzer = null;
  }
  fuzzing = false;
  fuzzer?.close();
  await writing;
  const lastTag = `z${writerEdits - 1}`;
  await until(() => reader.seen.has(lastTag), 5_000);
  let readerMissed = 0;
  for (let k = 0; k < writerEdits; k++) if (!reader.seen.has(`z${k}`)) readerMissed++;

  let serverUp = server.alive();
  if (serverUp) serverUp = await fetch(server.url, { signal: AbortSignal.timeout(2_000) }).then(() => true, () => false);
  let documentIntact = false;
  if (serverUp) {
    const fresh = await openFullClient(doc, {}).catch(() => null);
    if (fresh) {
      documentIntact = JSON.stringify(draftFragment(fresh.doc).toJSON()) === JSON.stringify(draftFragment(writer.doc).toJSON());
      fresh.client.close();
    }
  }
  writer.client.close();
  reader.client.close();
  return { sent, serverUp, readerMissed, writerEdits, documentIntact, closeCodes };
}
