/** The nightly report as JSON (`report-*.json`, the trend's data source). Stable key order. Pure. */
import { canonicalValue } from '../model/canonical.js';
import type { DriftReport } from './report-model.js';

/**
 * Renders the report document: keys sorted recursively (arrays keep their order), two-space indent,
 * trailing newline. `formatVersion` 1.
 */
export function renderReportJson(report: DriftReport): string {
  return `${JSON.stringify(canonicalValue(report), null, 2)}\n`;
}
