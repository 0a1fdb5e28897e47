// Page images of PDFs drawn by pdf.js inside headless Chromium (no poppler needed): the demo-like French release
// with its formatting, a page of the 300-article benchmark rulebook, and a redline of the release to an amended
// draft (bold and italic kept in insertions and deletions). Usage: npx tsx bench/pdf-pages.ts [out-dir]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as Y from 'yjs';
import { launchBrowser } from '../test/helpers/chromium.js';
import { parseRulebookMarkdown } from '../shared/doc/markdown.js';
import { draftFragment, writeDraftDoc } from '../shared/doc/ydoc.js';
import { renderJob, type RenderJob } from '../server/export/render-task.js';
import { generateRulebook } from './generated-rulebook.js';

const out = process.argv[2] ?? 'docs';
const resolve = createRequire(import.meta.url).resolve;
const DEMO = readFileSync(new URL('./pdf-pages-fixture.md', import.meta.url), 'utf8');

/** A rulebook's Yjs state from Markdown; its articles take the ids given, in order (the same articles in two versions). */
function stateOf(markdown: string, ids: string[] = []): { state: Uint8Array; ids: string[] } {
  const parsed = parseRulebookMarkdown(markdown);
  if (!parsed.ok) throw new Error(parsed.message);
  const ydoc = new Y.Doc();
  writeDraftDoc(ydoc, parsed.doc, null);
  const articles = draftFragment(ydoc).toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'article');
  articles.forEach((el, i) => ids[i] && el.setAttribute('id', ids[i]));
  return { state: Y.encodeStateAsUpdate(ydoc), ids: articles.map((el) => el.getAttribute('id') as string) };
}

const release = (source: Extract<RenderJob, { kind: 'rulebook' }>['source']): RenderJob => ({
  kind: 'rulebook',
  input: { language: 'fr', version: '1.0', status: 'official', date: new Date('2027-01-15T10:00:00Z'), modified: null, publisher: 'Bureau de l’association', notes: null, changes: null },
  source,
});

/** The demo release to a draft that rewords article 1 with new emphasis and amends its list. */
function redline(): RenderJob {
  const older = stateOf(DEMO);
  const amended = DEMO.replace("d'une *association*, d'une collectivité", "d'une *association déclarée* ou d'une **fédération**")
    .replace('- un *portfolio* des réalisations', '- un *portfolio* **commenté** des réalisations')
    .replace('au moins un an', 'au moins *deux ans*');
  const date = new Date('2027-01-15T10:00:00Z');
  return {
    kind: 'redline',
    language: 'fr',
    publisher: 'Bureau de l’association',
    from: { version: '1.0', date, source: { view: null, state: older.state } },
    to: { version: 'draft', date: new Date('2027-03-02T09:00:00Z'), source: { view: null, state: stateOf(amended, older.ids).state } },
  };
}

async function pdfOf(job: RenderJob): Promise<Uint8Array> {
  const result = await renderJob(job);
  if (!result.ok) throw new Error(result.code);
  return result.pdf;
}

const PAGES: Array<[string, () => RenderJob, number]> = [
  ['pdf-release-page.png', () => release({ view: null, state: stateOf(DEMO).state }), 3],
  ['pdf-300-articles-page.png', () => release({ view: generateRulebook(300), sha256: '0'.repeat(64), state: null }), 40],
  ['pdf-redline-page.png', redline, 3],
];

const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1240, height: 1754 } });
  await page.route('http://pdf.local/**', (route) => {
    const name = new URL(route.request().url()).pathname.slice(1);
    const file = name === 'index.html' ? null : resolve(`pdfjs-dist/build/${name}`);
    return route.fulfill({ contentType: file ? 'text/javascript' : 'text/html', body: file ? readFileSync(file) : '<canvas id="c"></canvas>' });
  });
  await page.goto('http://pdf.local/index.html');
  for (const [name, job, pageNumber] of PAGES) {
    const data = Buffer.from(await pdfOf(job())).toString('base64');
    await page.evaluate(
      async ({ data, pageNumber }) => {
        const pdfjs = await import('http://pdf.local/pdf.min.mjs' as string);
        pdfjs.GlobalWorkerOptions.workerSrc = 'http://pdf.local/pdf.worker.min.mjs';
        const doc = await pdfjs.getDocument({ data: Uint8Array.from(atob(data), (c) => c.charCodeAt(0)) }).promise;
        const pdfPage = await doc.getPage(pageNumber);
        const viewport = pdfPage.getViewport({ scale: 2 });
        const canvas = document.getElementById('c') as HTMLCanvasElement;
        canvas.width = viewport.width;
        canvas.height = viewport.height;
        await pdfPage.render({ canvasContext: canvas.getContext('2d')!, viewport, canvas }).promise;
      },
      { data, pageNumber },
    );
    writeFileSync(`${out}/${name}`, await page.locator('#c').screenshot());
    console.log(`${out}/${name}`);
  }
} finally {
  await browser.close();
}
