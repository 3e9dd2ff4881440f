// Renders bench/results.json as the figures section of docs/BENCHMARKS.md (between the two marker
// lines), so the document shows exactly what the last run measured. `npm run bench` calls it.
import * as fs from 'fs';
import * as path from 'path';

const DOC = path.join(__dirname, '..', 'docs', 'BENCHMARKS.md');
const BEGIN = '<!-- figures:begin (written by bench/report.ts from bench/results.json) -->';
const END = '<!-- figures:end -->';

interface Action { action: string; ok: boolean; ms: number; calls: number; cells_read: number; cells_written: number }
interface SizeResult {
  size: string;
  rows: number;
  failed?: boolean;
  exit?: number | null;
  signal?: string | null;
  import?: { csv_parse_ms: number; import_path_ms: number; ratio: number; appended: number; row_errors: number };
  core?: {
    core_post_ms: number; core_batch_ms: number; core_ms: number; duckdb_load_ms: number; duckdb_query_ms: number;
    ratio_core_to_duckdb_query: number; entries: number; batch_lines: number; partners_compared: number; totals_match: boolean;
  };
  emulator?: {
    actions: Action[];
    incremental: { rows: number; post: Action; post_ms_share_of_full: number; cells_written_share_of_full: number; ledger_rows_added: number; new_entries: number };
    sidebar: Action & { ledger_rows: number };
    cycle_ms: number;
    max_workbook_cells: number;
  } | null;
  peak_rss_mib?: number;
  child_wall_ms?: number;
}
interface Results { machine: Record<string, string | number>; sizes: string[]; repeats: number; code?: string; results: SizeResult[] }

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const s = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const x = (r: number) => `${r.toFixed(2)}×`;

/** Each target of issue 8 against what this run measured: the verdicts are computed, not typed. */
function verdicts(ok: SizeResult[]): string[] {
  const rows: Array<[string, string, boolean | null | 'info']> = [];
  const all = (pred: (r: SizeResult) => boolean, of: SizeResult[]) => of.length === 0 ? null : of.every(pred);
  const withImport = ok.filter((r) => r.import);
  rows.push(['Import ≤ 1.3× csv-parse alone', withImport.map((r) => `${r.size}: ${x(r.import!.ratio)}`).join(', '), all((r) => r.import!.ratio <= 1.3, withImport)]);
  const withCore = ok.filter((r) => r.core);
  rows.push(['Core post + batch ≤ 10× DuckDB', withCore.map((r) => `${r.size}: ${x(r.core!.ratio_core_to_duckdb_query)}`).join(', '), all((r) => r.core!.ratio_core_to_duckdb_query <= 10, withCore)]);
  rows.push(['Per-partner totals equal DuckDB\'s', withCore.map((r) => `${r.size}: ${r.core!.totals_match ? 'equal' : 'DIFFERENT'} (${n(r.core!.partners_compared)} partners)`).join(', '), all((r) => r.core!.totals_match, withCore)]);
  const em = ok.filter((r) => r.emulator);
  const maxCalls = (r: SizeResult) => Math.max(...r.emulator!.actions.filter((a) => a.action !== 'set-up').map((a) => a.calls), r.emulator!.sidebar.calls);
  rows.push(['Service calls ≤ 30 per action (set-up excluded: it runs once)', em.map((r) => `${r.size}: max ${maxCalls(r)}`).join(', '), all((r) => maxCalls(r) <= 30, em)]);
  const actions = em[0]?.emulator!.actions.map((a) => a.action) ?? [];
  const varying = actions.filter((action) => new Set(em.map((r) => r.emulator!.actions.find((a) => a.action === action)?.calls)).size > 1);
  rows.push(['Calls per action constant in rows', varying.length === 0 ? 'same calls at every size' : `differ by size: ${varying.join(', ')}`, em.length < 2 ? null : varying.length === 0]);
  rows.push(['Incremental post writes only the new rows', em.map((r) => `${r.size}: ${n(r.emulator!.incremental.ledger_rows_added)} Ledger rows for ${n(r.emulator!.incremental.new_entries)} new entries`).join(', '),
    all((r) => r.emulator!.incremental.ledger_rows_added === r.emulator!.incremental.new_entries, em)]);
  rows.push(['Incremental post ≤ 5% of a full post (time)', em.map((r) => `${r.size}: ${(100 * r.emulator!.incremental.post_ms_share_of_full).toFixed(1)}%`).join(', '), all((r) => r.emulator!.incremental.post_ms_share_of_full <= 0.05, em)]);
  rows.push(['Sidebar opening reads ≤ 10,000 cells', em.map((r) => `${r.size}: ${n(r.emulator!.sidebar.cells_read)}`).join(', '), all((r) => r.emulator!.sidebar.cells_read <= 10_000, em)]);
  const million = em.filter((r) => r.rows >= 1_000_000);
  rows.push(['Whole cycle on 1M conversions ≤ 60 s', million.length === 0 ? 'not run at 1M' : million.map((r) => `${s(r.emulator!.cycle_ms)} s`).join(', '), all((r) => r.emulator!.cycle_ms <= 60_000, million)]);
  rows.push(['Peak RSS ≤ 2 GiB at 1M', million.length === 0 ? 'not run at 1M' : million.map((r) => `${n(r.peak_rss_mib ?? 0)} MiB`).join(', '), all((r) => (r.peak_rss_mib ?? Infinity) <= 2048, million)]);
  const big = em.filter((r) => r.rows >= 10_000);
  const perRow = big.map((r) => r.emulator!.cycle_ms / r.rows);
  const spread = perRow.length < 2 ? null : Math.max(...perRow) / Math.min(...perRow);
  rows.push(['Per-row cost flat ±20% from 10k to 1M (whole cycle)', spread === null ? 'needs two sizes ≥ 10k' : `${big.map((r, i) => `${r.size}: ${(1000 * perRow[i]!).toFixed(1)} µs`).join(', ')} (max/min ${spread.toFixed(2)})`, spread === null ? null : spread <= 1.2]);
  // The average above carries the work that scales with the 10,000 partners, not with conversions
  // (their import, a batch line, a payout row and a payout entry each); the slope between sizes does not.
  const slopes = big.slice(1).map((r, i) => ({ r, us: (1000 * (r.emulator!.cycle_ms - big[i]!.emulator!.cycle_ms)) / (r.rows - big[i]!.rows) }));
  if (slopes.length > 0) {
    rows.push(['For reference: cost of each further conversion (Δ whole cycle ÷ Δ conversions)', slopes.map(({ r, us }, i) => `${big[i]!.size}→${r.size}: ${us.toFixed(1)} µs`).join(', '), 'info']);
  }
  // The 1M target is beyond what one spreadsheet holds; the largest month measured that fits in
  // Sheets' 10M cells says what a user can actually meet.
  const fitting = em.filter((r) => r.emulator!.max_workbook_cells <= 10_000_000);
  const largest = fitting.length === 0 ? undefined : fitting.reduce((a, b) => (b.rows > a.rows ? b : a));
  if (largest !== undefined) {
    rows.push(['For reference: whole cycle at the largest size measured that fits one spreadsheet (10M cells)',
      `${largest.size}: ${s(largest.emulator!.cycle_ms)} s, ${n(largest.emulator!.max_workbook_cells)} cells, peak RSS ${n(largest.peak_rss_mib ?? 0)} MiB`, 'info']);
  }
  const verdict = (v: boolean | null | 'info'): string => v === 'info' ? '–' : v === null ? 'not measured' : v ? 'yes' : '**no**';
  return ['| target | measured | met |', '|---|---|:---:|', ...rows.map(([t, m, v]) => `| ${t} | ${m} | ${verdict(v)} |`)];
}

export function renderFigures(results: Results): string {
  const ok = results.results.filter((r) => !r.failed);
  const out: string[] = [];
  const m = results.machine;
  out.push(`Run of ${m.date_utc}: ${m.nproc} cores (\`nproc\`), ${m.cpu_model}, ${m.ram_gib} GiB RAM, Node ${m.node}, ${m.platform}; best of ${results.repeats} for the import timings; measurements 1 and 2 ran the code ${results.code ?? 'sources (tsx)'}.`, '');
  for (const r of results.results.filter((r) => r.failed)) out.push(`**${r.size}: the run failed** (exit ${r.exit}, signal ${r.signal}); no figures for this size.`, '');

  out.push('### Targets', '', ...verdicts(ok), '');
  out.push('### 1. Import path vs csv-parse alone (same file, same process)', '');
  out.push('| conversions | csv-parse alone | parse + validate + normalise | ratio (target ≤ 1.3×) |', '|---:|---:|---:|---:|');
  for (const r of ok) if (r.import) out.push(`| ${n(r.rows)} | ${s(r.import.csv_parse_ms)} s | ${s(r.import.import_path_ms)} s | ${x(r.import.ratio)} |`);
  out.push('', '### 2. Core post + batch vs DuckDB (pre-parsed rows, same process)', '');
  out.push('| conversions | core post | core batch | core total | DuckDB load | DuckDB query | core ÷ DuckDB query (target ≤ 10×) | entries | partners compared | totals match |', '|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|');
  for (const r of ok) {
    if (!r.core) continue;
    const c = r.core;
    out.push(`| ${n(r.rows)} | ${s(c.core_post_ms)} s | ${s(c.core_batch_ms)} s | ${s(c.core_ms)} s | ${s(c.duckdb_load_ms)} s | ${s(c.duckdb_query_ms)} s | ${x(c.ratio_core_to_duckdb_query)} | ${n(c.entries)} | ${n(c.partners_compared)} | ${c.totals_match ? 'yes' : '**NO**'} |`);
  }
  out.push('', '### 3. The add-on in the emulator, per action', '');
  const withEmulator = ok.filter((r) => r.emulator);
  if (withEmulator.length > 0) {
    const header = withEmulator.map((r) => `${r.size}: calls / cells read / cells written / wall`).join(' | ');
    out.push(`| action | ${header} |`, `|---|${withEmulator.map(() => '---:').join('|')}|`);
    const actions = withEmulator[0]!.emulator!.actions.map((a) => a.action);
    for (const action of actions) {
      const cells = withEmulator.map((r) => {
        const a = r.emulator!.actions.find((b) => b.action === action);
        return a ? `${a.calls} / ${n(a.cells_read)} / ${n(a.cells_written)} / ${s(a.ms)} s` : '–';
      });
      out.push(`| ${action} | ${cells.join(' | ')} |`);
    }
    out.push('', '| conversions | whole cycle (set-up → verify) wall | per conversion | peak RSS of the cycle\'s process | most cells in the workbook | cells per conversion | conversions of this shape one spreadsheet holds | fits a real spreadsheet (10M cells) |', '|---:|---:|---:|---:|---:|---:|---:|:---:|');
    for (const r of withEmulator) {
      const cells = r.emulator!.max_workbook_cells;
      // The month's whole workbook (inputs, Ledger with its payouts, Batches, Payout, Audit) per
      // conversion: at sizes where the fixed tabs no longer matter, what bounds one spreadsheet.
      const per_conversion = cells / r.rows;
      out.push(`| ${n(r.rows)} | ${s(r.emulator!.cycle_ms)} s | ${(1000 * r.emulator!.cycle_ms / r.rows).toFixed(1)} µs | ${n(r.peak_rss_mib ?? 0)} MiB | ${n(cells)} | ${per_conversion.toFixed(1)} | ${r.rows >= 100_000 ? `≈ ${n(Math.floor(10_000_000 / per_conversion / 1000) * 1000)}` : '–'} | ${cells <= 10_000_000 ? 'yes' : '**no**'} |`);
    }
    out.push('', '### 4. Incremental post: 1% new conversions on top of the posted ledger', '');
    out.push('| base conversions | new rows imported | new entries | Ledger rows added | post calls | cells read | cells written | wall | share of the full post (time) | share (cells written) |', '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of withEmulator) {
      const i = r.emulator!.incremental;
      out.push(`| ${n(r.rows)} | ${n(i.rows)} | ${n(i.new_entries)} | ${n(i.ledger_rows_added)} | ${i.post.calls} | ${n(i.post.cells_read)} | ${n(i.post.cells_written)} | ${s(i.post.ms)} s | ${(100 * i.post_ms_share_of_full).toFixed(1)}% | ${(100 * i.cells_written_share_of_full).toFixed(1)}% |`);
    }
    out.push('', '### 5. Opening the sidebar (getSummary) on the full ledger', '');
    out.push('| conversions | Ledger entries | calls | cells read (target ≤ 10,000) |', '|---:|---:|---:|---:|');
    for (const r of withEmulator) out.push(`| ${n(r.rows)} | ${n(r.emulator!.sidebar.ledger_rows)} | ${r.emulator!.sidebar.calls} | ${n(r.emulator!.sidebar.cells_read)} |`);
  }
  return out.join('\n');
}

export function writeFigures(results_file: string): void {
  const results = JSON.parse(fs.readFileSync(results_file, 'utf8')) as Results;
  const doc = fs.readFileSync(DOC, 'utf8');
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${DOC} has no figures markers`);
  fs.writeFileSync(DOC, `${doc.slice(0, begin + BEGIN.length)}\n${renderFigures(results)}\n${doc.slice(end)}`);
}

if (require.main === module) writeFigures(process.argv[2] ?? path.join(__dirname, 'results.json'));
