// Checks what the window shows against WCAG 2.2 AA with axe-core, run inside the page
// (its source evaluated through playwright-core, so the page's Content-Security-Policy
// stays as it is). A state passes when axe finds nothing serious or critical.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** The serious and critical WCAG A/AA violations axe finds on `page`, one line per element. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(await AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })) }));
  }, TAGS);
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap(({ id, impact, help, nodes }) => nodes.map((node) => `${id} (${impact}) at ${JSON.stringify(node.target)}: ${help}. ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}`));
}

/** Fails, listing each serious or critical violation (rule, element, what to fix), unless `state` of the window passes axe's WCAG 2.2 AA rules. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const problems = await accessibilityProblems(page);
  if (problems.length > 0) throw new Error(`"${state}" is not accessible (axe-core, WCAG 2.2 AA):\n- ${problems.join('\n- ')}`);
}
