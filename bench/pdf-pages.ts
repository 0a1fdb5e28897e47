// Page images of PDFs drawn by pdf.js inside headless Chromium (no poppler needed): the demo-like French release
// with its formatting, and a page of the 300-article benchmark rulebook. Usage: npx tsx bench/pdf-pages.ts [out-dir]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as Y from 'yjs';
import { launchBrowser } from '../test/helpers/browser.js';
import { parseRulebookMarkdown } from '../shared/doc/markdown.js';
import { writeDraftDoc } from '../shared/doc/ydoc.js';
import { renderJob } from '../server/export/render-task.js';
import { generateRulebook } from './generated-rulebook.js';

const out = process.argv[2] ?? 'docs';
const resolve = createRequire(import.meta.url).resolve;
const DEMO = readFileSync(new URL('./pdf-pages-fixture.md', import.meta.url), 'utf8');

async function pdfOf(markdown: string | null): Promise<Uint8Array> {
  const input = { language: 'fr', version: '1.0', status: 'official' as const, date: new Date('2027-01-15T10:00:00Z'), modified: null, publisher: 'Bureau de l’association', notes: null, changes: null };
  let source;
  if (markdown) {
    const parsed = parseRulebookMarkdown(markdown);
    if (!parsed.ok) throw new Error(parsed.message);
    const ydoc = new Y.Doc();
    writeDraftDoc(ydoc, parsed.doc, null);
    source = { view: null, state: Y.encodeStateAsUpdate(ydoc) };
  } else source = { view: generateRulebook(300), sha256: '0'.repeat(64), state: null };
  const result = await renderJob({ kind: 'rulebook', input, source });
  if (!result.ok) throw new Error(result.code);
  return result.pdf;
}

const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1240, height: 1754 } });
  await page.route('http://pdf.local/**', (route) => {
    const name = new URL(route.request().url()).pathname.slice(1);
    const file = name === 'index.html' ? null : resolve(`pdfjs-dist/build/${name}`);
    return route.fulfill({ contentType: file ? 'text/javascript' : 'text/html', body: file ? readFileSync(file) : '<canvas id="c"></canvas>' });
  });
  await page.goto('http://pdf.local/index.html');
  for (const [name, markdown, pageNumber] of [['pdf-release-page.png', DEMO, 3], ['pdf-300-articles-page.png', null, 40]] as const) {
    const data = Buffer.from(await pdfOf(markdown)).toString('base64');
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
