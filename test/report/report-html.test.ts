/**
 * The HTML report opened in headless Chromium (playwright-core, the system's /usr/bin/chromium) on a
 * phone-sized viewport: the summary and the trend chart are there, nothing is fetched from the
 * network, and the screenshot is not blank.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintDesired } from '../../src/lint/index.js';
import { planChanges } from '../../src/planner/index.js';
import { evaluateHealth } from '../../src/report/health/index.js';
import { renderReportHtml, renderTrendSvg } from '../../src/report/report-html.js';
import { buildDriftReport, type TrendPoint } from '../../src/report/report-model.js';
import {
  bucket,
  desiredState,
  lifecycleRule,
  replicated,
  s3Alarm,
  scenario,
} from '../lint/desired-builders.js';
import { ensureChromium } from '../support/chromium.js';
import { evidence, liveState, NOW } from './health-builders.js';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function sampleReport() {
  const media = replicated('media', 'replica');
  const lag = s3Alarm(
    'lag',
    'ReplicationLatency',
    { SourceBucket: 'media', DestinationBucket: 'replica', RuleId: 'replica' },
    { threshold: 900000 },
  );
  const desired = desiredState([media, lag], [scenario('deleted-file', 60, [media.address, lag.address])]);
  const drifted = { ...media.attrs, versioning: 'Suspended' as const };
  const live = liveState(desired, {
    [media.address]: { status: 'present', attrs: drifted },
    [lag.address]: {
      status: 'present',
      attrs: lag.attrs,
      facts: { stateValue: 'ALARM', stateReason: 'Threshold Crossed' },
    },
  });
  const plan = planChanges(desired, live, { createdAt: NOW.toISOString() });
  return buildDriftReport({
    desired,
    live,
    plan,
    lint: lintDesired(desired),
    health: evaluateHealth(desired, live, evidence(), NOW),
    generatedAt: NOW,
  });
}

const HISTORY: TrendPoint[] = [
  { generatedAt: '2026-02-25T02:00:00.000Z', drift: 0, failedChecks: 0 },
  { generatedAt: '2026-02-26T02:00:00.000Z', drift: 3, failedChecks: 1 },
  { generatedAt: '2026-02-27T02:00:00.000Z', drift: 5, failedChecks: 2 },
  { generatedAt: '2026-02-28T02:00:00.000Z', drift: 2, failedChecks: 0 },
];

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: ensureChromium(), args: ARGS, headless: true });
}, 300_000);
afterAll(async () => {
  await browser?.close();
});

describe('HTML report in headless Chromium', () => {
  it('GIVEN a failing report and four earlier reports WHEN opened on a phone THEN summary and trend chart show, nothing is fetched, and the screenshot is not blank', async () => {
    const report = sampleReport();
    const html = renderReportHtml(report, HISTORY);
    const dir = mkdtempSync(join(tmpdir(), 'report-html-'));
    const file = join(dir, 'latest.html');
    writeFileSync(file, html);

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      isMobile: true,
    });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);

    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(await page.locator('#status').textContent()).toBe('Failing (exit 1)');
    expect(await page.locator('#card-drift b').textContent()).toBe(String(report.summary.drift));
    expect(await page.locator('#summary-line').textContent()).toContain(
      `health ${report.summary.health.pass} pass`,
    );
    // What failed is named on the first screen, above the drift.
    const failed = page.locator('#failed-checks .item');
    expect(await failed.allTextContents()).toEqual([
      expect.stringContaining('Alarm lag'),
      expect.stringContaining('Versioning of media'),
    ]);
    const firstFailed = await failed.first().boundingBox();
    expect((firstFailed?.y ?? Number.POSITIVE_INFINITY) + (firstFailed?.height ?? 0)).toBeLessThanOrEqual(
      844,
    );

    const points = await page.$$eval('#trend-chart circle.pt', (els) =>
      els.map((e) => [
        e.getAttribute('data-series'),
        e.getAttribute('data-at'),
        Number(e.getAttribute('data-value')),
      ]),
    );
    expect(points.filter((p) => p[0] === 'drift').map((p) => p[2])).toEqual([
      0,
      3,
      5,
      2,
      report.summary.drift,
    ]);
    expect(points.filter((p) => p[0] === 'failedChecks').map((p) => p[2])).toEqual([
      0,
      1,
      2,
      0,
      report.summary.health.fail,
    ]);
    expect(points.at(-1)?.[1]).toBe(NOW.toISOString());
    const chartBox = await page.locator('#trend-chart').boundingBox();
    expect(chartBox?.width).toBeGreaterThan(300);
    expect(chartBox?.width).toBeLessThanOrEqual(390);
    // Readable on a phone: nothing wider than the viewport.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

    const png = await page.screenshot({ fullPage: true, path: join(dir, 'phone.png') });
    const blank = await context.newPage();
    // Runs in the browser (decodes the PNG on a canvas and samples its colours); a string, because
    // this project's TypeScript has no DOM library.
    const colours = (await blank.evaluate(`(async () => {
      const img = new Image();
      img.src = 'data:image/png;base64,${png.toString('base64')}';
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const g = canvas.getContext('2d');
      g.drawImage(img, 0, 0);
      const data = g.getImageData(0, 0, img.width, img.height).data;
      const seen = new Set();
      for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return { width: img.width, height: img.height, distinct: seen.size };
    })()`)) as { width: number; height: number; distinct: number };
    expect(colours.width).toBe(390);
    expect(colours.height).toBeGreaterThan(844);
    expect(colours.distinct).toBeGreaterThan(20);
    if (process.env.KEEP_SCREENSHOT) writeFileSync(process.env.KEEP_SCREENSHOT, png);
    await context.close();
  });

  it('GIVEN a high-risk change with a long risk note WHEN opened on a phone THEN the note is shown whole, wrapped, not clipped inside the scrolling field listing', async () => {
    const retention = (noncurrentDays: number) => ({
      versioning: 'Enabled' as const,
      lifecycle: [lifecycleRule({ noncurrentVersionExpiration: { noncurrentDays } })],
    });
    const plain = bucket('media', retention(35));
    const desired = desiredState([plain], [scenario('deleted-file', 60, [plain.address])]);
    const live = liveState(desired, {
      [plain.address]: { status: 'present', attrs: bucket('media', retention(180)).attrs },
    });
    const plan = planChanges(desired, live, { createdAt: NOW.toISOString() });
    const change = plan.changes.find((c) => c.risk === 'high');
    const report = buildDriftReport({
      desired,
      live,
      plan,
      lint: [],
      health: evaluateHealth(desired, live, evidence(), NOW),
      generatedAt: NOW,
    });
    const dir = mkdtempSync(join(tmpdir(), 'report-html-'));
    const file = join(dir, 'risk.html');
    writeFileSync(file, renderReportHtml(report, []));
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);

    expect(change?.riskNotes.length).toBeGreaterThan(0);
    const notes = page.locator('ul.risk.high li');
    expect(await notes.allTextContents()).toEqual(change?.riskNotes);
    const fits = (await page.evaluate(
      `[...document.querySelectorAll('ul.risk.high li')].map((el) => el.scrollWidth <= el.clientWidth && el.closest('pre') === null)`,
    )) as boolean[];
    expect(fits).toEqual(change?.riskNotes.map(() => true));
    expect(await page.locator('pre').allTextContents()).not.toContainEqual(
      expect.stringContaining(change?.riskNotes[0] ?? '?'),
    );
    await context.close();
  });

  it('GIVEN drift and failed checks equal in every report WHEN the trend is drawn THEN both series stay visible (neither hides the other)', async () => {
    const equal: TrendPoint[] = [0, 2, 4, 1, 3].map((n, i) => ({
      generatedAt: `2026-02-2${i + 1}T02:00:00.000Z`,
      drift: n,
      failedChecks: n,
    }));
    const dir = mkdtempSync(join(tmpdir(), 'report-trend-'));
    const file = join(dir, 'trend.html');
    writeFileSync(
      file,
      `<!doctype html><body style="margin:0;background:#fff">${renderTrendSvg(equal)}</body>`,
    );
    const context = await browser.newContext({ viewport: { width: 640, height: 220 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    const png = await page.locator('#trend-chart').screenshot({ path: join(dir, 'trend.png') });
    const blank = await context.newPage();
    // Counts pixels close to each series' colour (drift #0969da, failed checks #cf222e) in the chart.
    const counts = (await blank.evaluate(`(async () => {
      const img = new Image();
      img.src = 'data:image/png;base64,${png.toString('base64')}';
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const g = canvas.getContext('2d');
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, img.width, img.height).data;
      const near = (i, r, gg, b) => Math.abs(d[i] - r) + Math.abs(d[i + 1] - gg) + Math.abs(d[i + 2] - b) < 60;
      let blue = 0;
      let red = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (near(i, 0x09, 0x69, 0xda)) blue++;
        else if (near(i, 0xcf, 0x22, 0x2e)) red++;
      }
      return { blue, red };
    })()`)) as { blue: number; red: number };
    // Each series draws four segments across ~600 px and five markers: hundreds of pixels each.
    expect(counts.blue).toBeGreaterThan(400);
    expect(counts.red).toBeGreaterThan(400);
    if (process.env.KEEP_SCREENSHOT) writeFileSync(process.env.KEEP_SCREENSHOT, png);
    await context.close();
  });

  it('GIVEN no earlier reports WHEN rendered THEN there is no trend chart (one point is not a trend)', () => {
    expect(renderReportHtml(sampleReport(), [])).not.toContain('id="trend-chart"');
  });

  it('GIVEN text with markup in a finding WHEN rendered THEN it is escaped, not interpreted', () => {
    const report = sampleReport();
    const tampered = { ...report, lint: [{ ...report.lint[0]!, message: '<script>alert(1)</script>' }] };
    const html = renderReportHtml(tampered, []);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
