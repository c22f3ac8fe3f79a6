import type { BenchContext } from './context.js';

/** One figure, measured for the kit and for the baseline in the same run. */
export interface Row {
  metric: string;
  kit: number | undefined;
  baseline: number | undefined;
  /** Words for the table, e.g. "≥ 55 fps and ≥ 3×"; with `met`, decides the last column. */
  goal?: string;
  met?: (kit: number, baseline: number, ratio: number) => boolean;
}

/** What one scenario found; `baseline` says what the kit is compared with. */
export interface ScenarioResult {
  name: string;
  kit: string;
  baseline: string;
  rows: Row[];
  /** Conditions a reader needs to trust the numbers (lower rates, skipped parts, caveats). */
  notes: string[];
  /** Anything worth keeping that is not a kit-vs-baseline figure. */
  details?: Record<string, unknown>;
  error?: string;
  seconds: number;
}

/** What a scenario fills in as it goes, so a failure half way still keeps what was measured. */
export type ScenarioOutput = Pick<ScenarioResult, 'rows' | 'notes'> & { details: Record<string, unknown> };

export interface JsonRow {
  metric: string;
  kit: number | null;
  baseline: number | null;
  ratio: number | null;
  goal: string | null;
  met: boolean | null;
}

export function ratioOf(row: Row): number | undefined {
  if (row.kit === undefined || row.baseline === undefined || row.baseline === 0) return undefined;
  return row.kit / row.baseline;
}

export function toJsonRow(row: Row): JsonRow {
  const ratio = ratioOf(row);
  const met = row.met && row.kit !== undefined && row.baseline !== undefined && ratio !== undefined
    ? row.met(row.kit, row.baseline, ratio)
    : undefined;
  return {
    metric: row.metric,
    kit: row.kit ?? null,
    baseline: row.baseline ?? null,
    ratio: ratio ?? null,
    goal: row.goal ?? null,
    met: met ?? null,
  };
}

/** One markdown table for every scenario, then what each baseline is and the notes. */
export function markdownReport(results: ScenarioResult[]): string {
  const lines = ['| scenario | metric | kit | baseline | ratio | goal | met? |', '|---|---|---:|---:|---:|---|---|'];
  for (const result of results) {
    if (result.error && result.rows.length === 0) {
      lines.push(`| ${result.name} | **failed**: ${escape(result.error)} | | | | | |`);
      continue;
    }
    for (const row of result.rows.map(toJsonRow)) {
      const met = row.met === null ? (row.goal ? '?' : '') : row.met ? 'yes' : '**no**';
      lines.push(
        `| ${result.name} | ${escape(row.metric)} | ${formatNumber(row.kit)} | ${formatNumber(row.baseline)} | ` +
          `${row.ratio === null ? '—' : `${formatNumber(row.ratio, 2)}×`} | ${row.goal ?? ''} | ${met} |`,
      );
    }
    if (result.error) lines.push(`| ${result.name} | **failed part way**: ${escape(result.error)} | | | | | |`);
  }
  lines.push('', 'Ratio = kit ÷ baseline. What each baseline is:');
  for (const result of results) lines.push(`- **${result.name}** (${result.seconds.toFixed(0)} s): kit = ${result.kit}; baseline = ${result.baseline}`);
  const notes = results.flatMap((result) => result.notes.map((note) => `- ${result.name}: ${note}`));
  if (notes.length > 0) lines.push('', 'Notes:', ...notes);
  return lines.join('\n');
}

export function formatNumber(value: number | null | undefined, digits?: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (digits !== undefined) return value.toFixed(digits);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A scenario as the runner knows it. */
export interface Scenario {
  name: string;
  /** What is measured as "kit" and as "baseline", for the report. */
  kit: string;
  baseline: string;
  /** A hard limit: past it the scenario is abandoned and its resources closed. */
  timeoutSeconds(long: boolean): number;
  run(ctx: BenchContext, out: ScenarioOutput): Promise<void>;
}
