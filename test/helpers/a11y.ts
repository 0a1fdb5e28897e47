import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** One accessibility rule axe-core found broken, with the elements that break it. */
export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * The serious and critical accessibility violations axe-core finds in the page as it is now. axe is injected once
 * per document: client-side navigation keeps it, a full load brings a fresh window without it.
 */
export async function seriousA11yViolations(page: Page): Promise<A11yViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: String(v.id),
      impact: String(v.impact),
      help: String(v.help),
      targets: (v.nodes as { target: unknown[] }[]).map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The violations as a readable list, for a failure message. */
export function describeA11yViolations(where: string, violations: readonly A11yViolation[]): string {
  const lines = violations.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.targets.slice(0, 5).join('\n    ')}`);
  return `accessibility violations on ${where}:\n${lines.join('\n')}`;
}
