/**
 * The nightly report as ONE self-contained HTML file: inline CSS, inline SVG, no script, no external
 * request; readable on a phone (viewport meta, one column under 640 px). With earlier reports it
 * shows the trend of drift and failed checks as an SVG chart. Pure.
 */
import { formatMinutes as drillMinutes } from '../model/drill.js';
import { ACTION_SYMBOLS } from '../model/plan.js';
import { formatMinutes, type HealthStatus } from './health/health-check.js';
import { changeBodyLines, specOf } from './plan-lines.js';
import { renderReportSummaryLine } from './report-markdown.js';
import {
  type DriftReport,
  failedChecks,
  groupDrift,
  type TrendPoint,
  trendPointOf,
  trendSeries,
} from './report-model.js';

/** Escapes text for HTML content and attribute values. */
function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STATUS_LABEL: Readonly<Record<DriftReport['summary']['status'], string>> = {
  healthy: 'Healthy',
  attention: 'Attention',
  unverified: 'Unverified',
  failing: 'Failing',
};

const CSS = `
:root{--ok:#1a7f37;--warn:#9a6700;--fail:#cf222e;--ink:#1f2328;--mute:#59636e;--line:#d1d9e0;--bg:#f6f8fa}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
main{max-width:980px;margin:0 auto;padding:16px}h1{font-size:1.35rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}
h3{font-size:1rem;margin:1rem 0 .4rem}.meta{color:var(--mute);font-size:.85rem;word-break:break-word}
.status{display:inline-block;padding:.35rem .8rem;border-radius:999px;font-weight:700;color:#fff;margin:.6rem 0}
.status.healthy{background:var(--ok)}.status.attention{background:var(--warn)}.status.failing{background:var(--fail)}.status.unverified{background:var(--warn)}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:8px;margin:.6rem 0}.card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:.6rem}
.card b{display:block;font-size:1.4rem}.card span{color:var(--mute);font-size:.8rem}
ul.reasons{margin:.4rem 0 0 1.1rem;padding:0}.chart{width:100%;height:auto;background:var(--bg);border:1px solid var(--line);border-radius:8px}
.legend{font-size:.8rem;color:var(--mute)}.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px}
.item{border:1px solid var(--line);border-radius:8px;padding:.5rem .7rem;margin:.4rem 0;overflow-wrap:anywhere}
.item.high,.item.failed{border-left:5px solid var(--fail)}.item.medium{border-left:5px solid var(--warn)}.item.low{border-left:5px solid var(--line)}
pre{background:var(--bg);padding:.5rem;border-radius:6px;overflow-x:auto;font-size:.8rem;margin:.4rem 0 0}
.badge{display:inline-block;min-width:3.4rem;text-align:center;border-radius:4px;padding:0 .3rem;font-size:.8rem;font-weight:700;color:#fff}
.badge.pass{background:var(--ok)}.badge.warn{background:var(--warn)}.badge.fail{background:var(--fail)}
.badge.error{background:var(--fail)}.badge.warning{background:var(--warn)}.badge.info{background:var(--mute)}
.ev{margin:.3rem 0 0 1rem;padding:0;color:var(--mute);font-size:.85rem}code{font-size:.85em}
ul.risk{margin:.3rem 0 0 1rem;padding:0;font-size:.85rem}ul.risk.high{color:var(--fail);font-weight:600}
@media (max-width:640px){main{padding:10px}.cards{gap:6px}.card{padding:.35rem .4rem}.card b{font-size:1.15rem}.card span{font-size:.7rem;line-height:1.2;display:block}h1{font-size:1.15rem}}
`;

function card(value: number | string, label: string, id: string): string {
  return `<div class="card" id="${id}"><b>${esc(String(value))}</b><span>${esc(label)}</span></div>`;
}

/** `2026-03-01T12:05:09.000Z` -> `2026-03-01 12:05 UTC`. */
function trendTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The trend as an inline SVG line chart; each point is a circle carrying its data attributes. */
export function renderTrendSvg(points: readonly TrendPoint[]): string {
  const W = 640;
  const H = 220;
  const pad = { l: 36, r: 12, t: 14, b: 30 };
  const max = Math.max(1, ...points.map((p) => Math.max(p.drift, p.failedChecks)));
  const x = (i: number) =>
    pad.l + (points.length === 1 ? (W - pad.l - pad.r) / 2 : (i * (W - pad.l - pad.r)) / (points.length - 1));
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  // Equal values put both series on the same pixels: drift is a solid line with large filled dots,
  // failed checks (drawn on top) a dashed line with small hollow dots, so each stays visible.
  const series = (key: 'drift' | 'failedChecks', color: string) => {
    const coords = points.map((p, i) => `${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
    const [line, dot] =
      key === 'drift'
        ? ['', `r="5.5" fill="${color}"`]
        : [' stroke-dasharray="7 5"', `r="3" fill="#ffffff" stroke="${color}" stroke-width="2"`];
    const dots = points
      .map(
        (p, i) =>
          `<circle class="pt" data-series="${key}" data-at="${esc(p.generatedAt)}" data-value="${p[key]}" cx="${x(i).toFixed(1)}" cy="${y(p[key]).toFixed(1)}" ${dot}><title>${esc(p.generatedAt)}: ${p[key]} ${key === 'drift' ? 'drifted' : 'failed checks'}</title></circle>`,
      )
      .join('');
    return `<polyline fill="none" stroke="${color}" stroke-width="2.5"${line} points="${coords}"/>${dots}`;
  };
  const grid = [0, 0.5, 1]
    .map((f) => {
      const v = Math.round(max * f);
      return `<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#d1d9e0"/><text x="${pad.l - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#59636e">${v}</text>`;
    })
    .join('');
  // Dates alone, unless two runs share a day: then every label carries its time (UTC) too.
  const days = points.map((p) => p.generatedAt.slice(0, 10));
  const label = (p: TrendPoint | undefined) =>
    !p ? '' : new Set(days).size < days.length ? trendTime(p.generatedAt) : p.generatedAt.slice(0, 10);
  const first = label(points[0]);
  const last = label(points[points.length - 1]);
  return (
    `<svg id="trend-chart" class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="Trend of drift and failed checks over ${points.length} reports" xmlns="http://www.w3.org/2000/svg">` +
    grid +
    `<text x="${pad.l}" y="${H - 8}" font-size="11" fill="#59636e">${esc(first)}</text><text x="${W - pad.r}" y="${H - 8}" font-size="11" text-anchor="end" fill="#59636e">${esc(last)}</text>` +
    series('drift', '#0969da') +
    series('failedChecks', '#cf222e') +
    '</svg>'
  );
}

function driftSection(report: DriftReport): string {
  const groups = groupDrift(report.plan);
  const parts: string[] = ['<h2>Drift</h2>'];
  if (groups.length === 0) parts.push('<p>No drift: every declared resource matches the spec.</p>');
  for (const g of groups) {
    parts.push(
      `<h3>${esc(g.service)} <span class="meta">(${g.changes.length}, worst risk ${g.worstRisk})</span></h3>`,
    );
    for (const c of g.changes) {
      // Risk notes are prose: shown wrapped above the fields, not clipped inside the scrolling <pre>.
      const lines = changeBodyLines(c, '', specOf(report));
      const body = lines.slice(0, lines.length - c.riskNotes.length);
      const notes = c.riskNotes.length
        ? `<ul class="risk ${c.risk}">${c.riskNotes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`
        : '';
      parts.push(
        `<div class="item ${c.risk}"><code>${esc(ACTION_SYMBOLS[c.action].trim() || '·')}</code> <b>${esc(c.address)}</b>: ${esc(c.action)}, drift severity ${c.driftSeverity}, risk ${c.risk}<div class="meta">${esc(c.reason)}</div>` +
          notes +
          (body.length ? `<pre>${esc(body.map((l) => l.text).join('\n'))}</pre>` : '') +
          '</div>',
      );
    }
  }
  if (report.plan.unchecked.length) {
    parts.push('<h3>Unchecked <span class="meta">(could not be read: unknown is not unchanged)</span></h3>');
    for (const u of report.plan.unchecked)
      parts.push(
        `<div class="item high"><b>${esc(u.address)}</b><div class="meta">${esc(u.reason)}</div></div>`,
      );
  }
  return parts.join('\n');
}

function healthSection(report: DriftReport): string {
  const parts: string[] = ['<h2>Backup health</h2>'];
  if (report.scenarios.length === 0) parts.push('<p>The spec declares no recovery scenarios.</p>');
  for (const sc of report.scenarios) {
    parts.push(
      `<h3>${esc(sc.name)} <span class="meta">RPO ${esc(formatMinutes(sc.rpoMinutes))} · RTO ${esc(formatMinutes(sc.rtoMinutes))} ${
        sc.lastDrill
          ? `(last drill ${esc(sc.lastDrill.finishedAt.slice(0, 10))}: ${esc(sc.lastDrill.verdict)}, RTO achieved ${esc(drillMinutes(sc.lastDrill.rtoMinutes))}, RPO achieved ${esc(drillMinutes(sc.lastDrill.rpoMinutes))})`
          : '(not measured: only a restore drill proves it)'
      }</span></h3>`,
    );
    if (sc.description) parts.push(`<p class="meta">${esc(sc.description)}</p>`);
    for (const c of report.health.filter((h) => h.scenario === sc.name)) {
      parts.push(
        `<div class="item" data-check="${esc(c.id)}"><span class="badge ${c.status}">${statusWord(c.status)}</span> ${esc(c.title)}<ul class="ev">${c.evidence.map((e) => `<li>${esc(e)}</li>`).join('')}</ul></div>`,
      );
    }
  }
  return parts.join('\n');
}

function statusWord(s: HealthStatus): string {
  return s === 'pass' ? 'PASS' : s === 'warn' ? 'WARN' : 'FAIL';
}

function lintSection(report: DriftReport): string {
  const parts: string[] = ['<h2>Lint</h2>'];
  const active = report.lint.filter((f) => f.silencedReason === undefined);
  if (active.length === 0) parts.push('<p>No lint findings.</p>');
  for (const f of active)
    parts.push(
      `<div class="item"><span class="badge ${f.severity}">${esc(f.severity.toUpperCase())}</span> <code>${esc(f.ruleId)}</code> <b>${esc(f.address)}</b><div>${esc(f.message)}</div><div class="meta">Fix: ${esc(f.fixHint)}</div></div>`,
    );
  const silenced = report.lint.filter((f) => f.silencedReason !== undefined);
  if (silenced.length)
    parts.push(
      `<p class="meta">Silenced: ${silenced.map((f) => `${esc(f.ruleId)} on ${esc(f.address)} (${esc(f.silencedReason ?? '')})`).join('; ')}</p>`,
    );
  return parts.join('\n');
}

/** The failed checks, named in the summary so that they are seen before the drift. */
function failedList(report: DriftReport): string {
  const failed = failedChecks(report);
  if (failed.length === 0) return '';
  return `<div id="failed-checks"><h3>Failed checks</h3>${failed
    .map(
      (f) =>
        `<div class="item failed"><span class="badge fail">FAIL</span> ${esc(f.title)} <span class="meta">${esc(f.scenarios.join(', '))}</span></div>`,
    )
    .join('')}</div>`;
}

/**
 * Renders the report as one HTML page. `history`: trend points of earlier reports (this report's own
 * point is added); the chart appears when there is at least one earlier report.
 */
export function renderReportHtml(report: DriftReport, history: readonly TrendPoint[] = []): string {
  const s = report.summary;
  const series = trendSeries([...history, trendPointOf(report)]);
  const trend =
    history.length > 0
      ? `<h2>Trend</h2>${renderTrendSvg(series)}<div class="legend"><i style="background:#0969da"></i>drifted resources<i style="background:#fff;border:2px dashed #cf222e;width:6px;height:6px"></i>failed health checks · last ${series.length} reports</div>`
      : '';
  const source =
    report.liveSource.kind === 'aws'
      ? `AWS${report.liveSource.endpoint ? ` (${report.liveSource.endpoint})` : ''}`
      : `snapshot ${report.liveSource.file ?? ''}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Backup report ${esc(report.account)} ${esc(report.generatedAt)}: ${STATUS_LABEL[s.status]}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>Backup report: account ${esc(report.account)}</h1>
<div class="meta">${esc(report.generatedAt)} · spec ${esc(report.specFile)} · live ${esc(source)}</div>
<div id="summary">
<div class="status ${s.status}" id="status">${STATUS_LABEL[s.status]} (exit ${report.exitCode})</div>
<div class="cards">${card(s.drift, 'drifted', 'card-drift')}${card(s.highSeverity, 'high-severity drift', 'card-severity')}${card(s.highRisk, 'high-risk', 'card-high')}${card(s.health.fail, 'failed checks', 'card-fail')}${card(s.health.warn, 'warnings', 'card-warn')}${card(s.health.pass, 'passed checks', 'card-pass')}${card(s.unchecked, 'unchecked', 'card-unchecked')}${card(s.lint.error, 'lint errors', 'card-lint-error')}${card(s.lint.warning, 'lint warnings', 'card-lint-warning')}</div>
<p class="meta" id="summary-line">${esc(renderReportSummaryLine(report))}</p>
${s.reasons.length ? `<ul class="reasons">${s.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>` : ''}
${failedList(report)}
</div>
${trend}
${driftSection(report)}
${healthSection(report)}
${lintSection(report)}
</main>
</body>
</html>
`;
}
