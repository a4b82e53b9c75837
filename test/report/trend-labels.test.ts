/** The trend chart's axis labels: dates, with times when two runs share a day (issue 15). Pure. */
import { describe, expect, it } from 'vitest';
import { renderTrendSvg } from '../../src/report/report-html.js';
import type { TrendPoint } from '../../src/report/report-model.js';

const point = (generatedAt: string): TrendPoint => ({ generatedAt, drift: 1, failedChecks: 0 });
const labels = (svg: string) =>
  [...svg.matchAll(/<text x="[^"]+" y="212"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('trend chart labels', () => {
  it('GIVEN one run per day WHEN drawn THEN the first and last labels are dates', () => {
    const svg = renderTrendSvg([point('2026-03-01T02:00:00.000Z'), point('2026-03-02T02:00:00.000Z')]);
    expect(labels(svg)).toEqual(['2026-03-01', '2026-03-02']);
  });

  it('GIVEN two runs on the same day WHEN drawn THEN the labels carry their times', () => {
    const svg = renderTrendSvg([
      point('2026-03-01T02:00:00.000Z'),
      point('2026-03-01T14:30:00.000Z'),
      point('2026-03-02T02:00:00.000Z'),
    ]);
    expect(labels(svg)).toEqual(['2026-03-01 02:00 UTC', '2026-03-02 02:00 UTC']);
  });

  it('GIVEN both runs on one day WHEN drawn THEN first and last labels differ (they did not before)', () => {
    const [a, b] = labels(
      renderTrendSvg([point('2026-03-01T02:00:00.000Z'), point('2026-03-01T03:15:00.000Z')]),
    );
    expect(a).toBe('2026-03-01 02:00 UTC');
    expect(b).toBe('2026-03-01 03:15 UTC');
  });
});
