// SPDX-License-Identifier: MIT
// Opens a memwaste HTML report in headless Chromium as a reader would and
// checks what a reader would notice: it loads with no console error and no
// network request, the charts are drawn (visible, non-empty), nothing runs
// off the side of the page, it reads the same without JavaScript and in print
// layout. Saves a full-page screenshot for a person to look at.
//
// usage: node view-report.js REPORT.html SCREENSHOT.png MIN_CHARTS
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const [file, shot, minChartsArg] = process.argv.slice(2);
const minCharts = Number(minChartsArg || 0);
const url = 'file://' + path.resolve(file);
const failures = [];
const fail = (msg) => failures.push(msg);

async function inspect(browser, opts) {
  const context = await browser.newContext({ javaScriptEnabled: opts.js, viewport: { width: opts.width, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url && !r.url().startsWith('data:')) problems.push(`network request: ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  const resp = await page.goto(url, { waitUntil: 'load' });
  if (!resp || !resp.ok()) problems.push('the page did not load');
  if (opts.print) await page.emulateMedia({ media: 'print' });
  const facts = await page.evaluate(() => {
    const charts = [...document.querySelectorAll('figure.chart svg')];
    const sizes = charts.map((s) => s.getBoundingClientRect()).map((r) => [r.width, r.height]);
    const drawn = charts.map((s) => s.querySelectorAll('rect, path, line, circle').length);
    return {
      title: document.title,
      h1: (document.querySelector('h1') || {}).textContent || '',
      verdict: (document.querySelector('.verdict') || {}).textContent || '',
      charts: charts.length,
      sizes,
      drawn,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      scripts: document.scripts.length,
      external: [...document.querySelectorAll('[src],[href]')]
        .map((e) => e.getAttribute('src') || e.getAttribute('href'))
        .filter((u) => u && !u.startsWith('#')),
    };
  });
  const where = `${opts.name}:`;
  for (const p of problems) fail(`${where} ${p}`);
  if (!facts.title || !facts.h1) fail(`${where} no title`);
  if (!facts.verdict.startsWith('Verdict:')) fail(`${where} no verdict at the top`);
  if (facts.charts < minCharts) fail(`${where} ${facts.charts} charts, expected at least ${minCharts}`);
  facts.sizes.forEach(([w, h], i) => {
    if (w < 200 || h < 80) fail(`${where} chart ${i + 1} is ${w}x${h} px`);
  });
  facts.drawn.forEach((n, i) => {
    if (n < 3) fail(`${where} chart ${i + 1} draws nothing`);
  });
  if (facts.overflow > 1) fail(`${where} the page is ${facts.overflow} px wider than the window`);
  if (facts.scripts) fail(`${where} ${facts.scripts} scripts in the page`);
  if (facts.external.length) fail(`${where} links out: ${facts.external.join(' ')}`);
  if (opts.shot) await page.screenshot({ path: opts.shot, fullPage: true });
  await context.close();
  return facts;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const facts = await inspect(browser, { name: 'screen', js: true, width: 1200, shot });
    await inspect(browser, { name: 'no-javascript', js: false, width: 1200 });
    await inspect(browser, { name: 'narrow', js: true, width: 760 });
    await inspect(browser, { name: 'print', js: true, width: 1000, print: true });
    console.log(`${path.basename(file)}: "${facts.title}", ${facts.charts} charts, screenshot ${shot}`);
  } finally {
    await browser.close();
  }
  if (failures.length) {
    for (const f of failures) console.log(`FAIL ${path.basename(file)}: ${f}`);
    process.exit(1);
  }
})().catch((e) => {
  console.log(`FAIL ${file}: ${e.message}`);
  process.exit(1);
});
