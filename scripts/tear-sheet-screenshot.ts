/**
 * Regenerates docs/tear-sheet.png, the README's screenshot of `xmom report` on a real
 * series: AAPL daily closes (ffn's test data) against the S&P 500 (adjusted close), both
 * from ../shared/data (read in place, never copied). Writes the tear sheet to a
 * temporary folder, opens it in Debian's Chromium through playwright-core and captures
 * the top of the page (KPIs, growth of 1, trailing returns, the metrics against the
 * S&P 500 with rolling beta, the worst drawdowns) with the long metrics table and the
 * drawdown chart hidden, so that the picture stays readable and under ~300 KB.
 * Run: `npx tsx scripts/tear-sheet-screenshot.ts [data folder] [out.png]` (defaults
 * ../shared/data and docs/tear-sheet.png).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { main } from '../src/cli/main.js';

const data = resolve(process.argv[2] ?? '../shared/data');
const png = resolve(process.argv[3] ?? 'docs/tear-sheet.png');
const out = mkdtempSync(join(tmpdir(), 'xmom-tear-sheet-'));
try {
  const status = await main([
    'report', join(data, 'ffn_test_data.csv'), '--input', 'prices', '--column', 'AAPL',
    '--benchmark', join(data, 'vega_sp500_2000.csv'), '--benchmark-column', 'adjclose', '--benchmark-name', 'S&P 500',
    '--title', 'AAPL vs S&P 500 (2004–2014)', '--out', out,
  ]);
  if (status !== 0) throw new Error(`xmom report exited with ${status}`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(join(out, 'report.html')).href);
    // Hide the 24-row metrics table and the drawdown chart (both in the page; the picture shows the rest).
    await page.evaluate(() => {
      for (const s of Array.from(document.querySelectorAll('section'))) {
        const title = s.querySelector('h2')?.textContent;
        if (title === 'Metrics') s.style.display = 'none';
        if (title === 'Drawdowns') s.querySelector('figure')!.style.display = 'none';
      }
    });
    const bottom = await page.evaluate(() => {
      const h2 = Array.from(document.querySelectorAll('h2')).find((h) => h.textContent === 'Drawdowns');
      return Math.ceil(h2!.closest('section')!.getBoundingClientRect().bottom + window.scrollY + 16);
    });
    await page.screenshot({ path: png, fullPage: true, clip: { x: 0, y: 0, width: 1000, height: bottom } });
  } finally {
    await browser.close();
  }
  console.log(`${png}: ${(statSync(png).size / 1024).toFixed(0)} KB`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
