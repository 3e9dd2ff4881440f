// Measurements 1 and 2: the import path against csv-parse alone, and the core's post + batch
// against DuckDB computing the same per-partner totals in SQL (which must match to the cent).
import * as fs from 'fs';
import { parse } from 'csv-parse/sync';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseCsv } from '../src/core/input/csv';
import { planImport } from '../src/core/input/import-plan';
import { validateConversions, validateFx, validatePartners, validateSettings, type ValidationContext } from '../src/core/input/validate';
import { post, NO_BATCHES, type LedgerEntry } from '../src/core/earnings';
import { buildBatch } from '../src/core/payout';
import type { Conversion, FxRate, Partner } from '../src/core/model';
import type { Settings } from '../src/core/settings';
import { sha256Hex } from '../src/core/audit/sha256';
import { AS_OF, SETTINGS_PAIRS, type DataFiles } from './generate';
import type { CorePath } from './bundled';
import { bestOf, time } from './measure';

export function benchSettings(): Settings {
  const v = validateSettings({ tab: 'Settings', headers: ['key', 'value'], rows: SETTINGS_PAIRS, first_row: 2 });
  if (!v.ok || v.errors.length > 0) throw new Error(`bench settings do not validate: ${JSON.stringify(v)}`);
  return v.settings;
}

export function validationContext(): ValidationContext {
  return { settings: benchSettings(), as_of: AS_OF, dateOfInstant: (ms) => new Date(ms).toISOString().slice(0, 10) };
}

function csvOf(file: string): { headers: string[]; rows: string[][]; line_of_row: number[] } {
  const parsed = parseCsv(new Uint8Array(fs.readFileSync(file)), file);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message}`);
  return parsed;
}

export interface ImportFigures {
  rows: number;
  csv_parse_ms: number;
  import_path_ms: number;
  ratio: number;
  appended: number;
  row_errors: number;
}

/** The import path's two functions; the default is the source as tsx runs it. */
export interface ImportPath { parseCsv: typeof parseCsv; planImport: typeof planImport }

/**
 * csv-parse alone (the same bytes, decoded and parsed with default options) against the import
 * path: parseCsv (UTF-8 check, delimiter, csv-parse) + planImport (header mapping, duplicates,
 * validation of every field, normalised rows to write). Best of `repeats` each, one side after the other.
 */
export function benchImport(file: string, repeats: number, path: ImportPath = { parseCsv, planImport }): ImportFigures {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const ctx = validationContext();
  let appended = 0;
  let row_errors = 0;
  let rows = 0;
  const csv_parse_ms = bestOf(repeats, () => {
    const records = parse(Buffer.from(bytes).toString('utf8'), { relax_column_count: true, skip_empty_lines: true }) as string[][];
    rows = records.length - 1;
  });
  const import_path_ms = bestOf(repeats, () => {
    const parsed = path.parseCsv(bytes, 'conversions.csv');
    if (!parsed.ok) throw new Error(parsed.error.message);
    const plan = path.planImport('conversions', { ...parsed, file: 'conversions.csv' }, { headers: [], rows: [] }, 'I-BENCH', ctx);
    if (!plan.ok) throw new Error(plan.error.message);
    appended = plan.append.length;
    row_errors = plan.errors.length;
  });
  return { rows, csv_parse_ms, import_path_ms, ratio: import_path_ms / csv_parse_ms, appended, row_errors };
}

export interface CoreInputs { partners: Partner[]; conversions: Conversion[]; fx: FxRate[]; settings: Settings }

/** Validated records, as Post receives them from the tabs (not timed). */
export function coreInputs(files: DataFiles): CoreInputs {
  const ctx = validationContext();
  const table = (tab: string, file: string) => ({ tab, first_row: 2, ...csvOf(file) });
  const partners = validatePartners(table('Partners', files.partners), ctx);
  const conversions = validateConversions(table('Conversions', files.conversions), ctx);
  const fx = validateFx(table('FX', files.fx), ctx);
  if (!partners.ok || !conversions.ok || !fx.ok) throw new Error('bench data has a structural error');
  if (partners.errors.length + fx.errors.length > 0) throw new Error(`bench partners/fx have row errors: ${JSON.stringify([...partners.errors, ...fx.errors].slice(0, 3))}`);
  if (conversions.errors.length > 0) throw new Error(`bench conversions have row errors: ${JSON.stringify(conversions.errors.slice(0, 3))}`);
  return { partners: partners.records, conversions: conversions.records, fx: fx.records, settings: ctx.settings };
}

export interface PartnerTotal { partner_id: string; commissions: number; commission_minor: bigint; reversals: number; reversal_minor: bigint }

export interface CoreFigures {
  rows: number;
  core_post_ms: number;
  core_batch_ms: number;
  core_ms: number;
  duckdb_load_ms: number;
  duckdb_query_ms: number;
  ratio_core_to_duckdb_query: number;
  entries: number;
  batch_lines: number;
  batch_total_minor: string;
  partners_compared: number;
  totals_match: boolean;
  mismatches: string[];
}

function totalsOf(entries: readonly LedgerEntry[]): Map<string, PartnerTotal> {
  const totals = new Map<string, PartnerTotal>();
  for (const e of entries) {
    const t = totals.get(e.partner_id) ?? { partner_id: e.partner_id, commissions: 0, commission_minor: 0n, reversals: 0, reversal_minor: 0n };
    totals.set(e.partner_id, t);
    if (e.kind === 'commission') { t.commissions++; t.commission_minor += BigInt(e.amount_minor); }
    else if (e.kind === 'reversal' || e.kind === 'clawback') { t.reversals++; t.reversal_minor += BigInt(e.amount_minor); }
    else throw new Error(`unexpected ${e.kind} entry in a first post`);
  }
  return totals;
}

export async function benchCore(inputs: CoreInputs, code: CorePath = { post, buildBatch }): Promise<CoreFigures> {
  const { settings } = inputs;
  let entries: LedgerEntry[] = [];
  const core_post_ms = time(() => {
    entries = code.post({ partners: inputs.partners, conversions: inputs.conversions, rules: [], fx: inputs.fx, settings, ledger: [], reviews: [], as_of: AS_OF }).entries;
  });
  let lines = 0;
  let total = '0';
  const core_batch_ms = time(() => {
    const built = code.buildBatch({
      ledger: entries, membership: NO_BATCHES, reviews: [], partners: inputs.partners, settings, as_of: AS_OF,
      batch_id: 'B-BENCH-1', creator: 'ops@bench.example', created_at_utc: `${AS_OF}T12:00:00Z`, existing_batches: [], sha256: sha256Hex,
    });
    if (!built.ok) throw new Error(`batch refused: ${built.message}`);
    lines = built.batch.lines.length;
    total = built.batch.totals.map((t) => `${t.currency} ${t.amount_minor}`).join(', ');
  });
  const sql = await duckdbTotals(inputs);
  const core = totalsOf(entries);
  const mismatches: string[] = [];
  for (const id of new Set([...core.keys(), ...sql.totals.keys()])) {
    const a = core.get(id);
    const b = sql.totals.get(id);
    const show = (t: PartnerTotal | undefined) => (t ? `${t.commissions}/${t.commission_minor}/${t.reversals}/${t.reversal_minor}` : 'none');
    if (!a || !b || a.commissions !== b.commissions || a.commission_minor !== b.commission_minor || a.reversals !== b.reversals || a.reversal_minor !== b.reversal_minor) {
      mismatches.push(`${id}: core ${show(a)} sql ${show(b)}`);
    }
  }
  const core_ms = core_post_ms + core_batch_ms;
  return {
    rows: inputs.conversions.length, core_post_ms, core_batch_ms, core_ms,
    duckdb_load_ms: sql.load_ms, duckdb_query_ms: sql.query_ms, ratio_core_to_duckdb_query: core_ms / sql.query_ms,
    entries: entries.length, batch_lines: lines, batch_total_minor: total,
    partners_compared: core.size, totals_match: mismatches.length === 0 && core.size > 0, mismatches: mismatches.slice(0, 10),
  };
}

// The same rules as the core, written independently in SQL (spec §4, §5): a sale's partner is the
// partner whose code or alias the row names (customers never cross partners in this data, see
// generate.ts); the first of identical sale rows counts; FX is the latest rate on or before the
// sale date; commission = round_half_up(base × rate_bps / 10000) + flat fee; refunds of a posted
// sale on or after its date claw back round_half_up(C × min(R, A) / A) in total. Integers only
// (HUGEINT; DuckDB's least() ignores NULLs, hence the explicit CASE), so any difference from the core is a real difference in cents.
const TOTALS_SQL = `
WITH codes AS (
  SELECT partner_id, code FROM partners
  UNION ALL SELECT partner_id, unnest(string_split(aliases, '|')) FROM partners WHERE aliases <> ''
),
sales AS (
  SELECT DISTINCT ON (order_id) c.order_id, c.amount_minor, c.currency, c.date, k.partner_id
  FROM conversions c JOIN codes k ON k.code = c.code
  WHERE c.type = 'sale'
  ORDER BY order_id, date, amount_minor, currency
),
priced AS (
  SELECT s.*, p.rate_bps, p.flat_fee_minor,
    COALESCE((SELECT f.rate_mantissa FROM fx f WHERE f.currency = s.currency AND f.date <= s.date ORDER BY f.date DESC LIMIT 1),
             CASE WHEN s.currency = 'USD' THEN 10000 END)::HUGEINT AS rate_mantissa,
    CASE WHEN s.currency = 'JPY' THEN 100 ELSE 1 END::HUGEINT AS exponent_factor
  FROM sales s JOIN partners p USING (partner_id)
),
based AS (
  SELECT *, (2 * amount_minor::HUGEINT * rate_mantissa * exponent_factor + 10000) // 20000 AS base_minor FROM priced
),
commissions AS (
  SELECT *, (2 * base_minor * rate_bps + 10000) // 20000 + flat_fee_minor AS commission_minor FROM based
),
refunds AS (
  SELECT r.order_id, count(*) AS refund_count, sum(r.amount_minor)::HUGEINT AS refunded_minor
  FROM conversions r JOIN commissions s ON s.order_id = r.order_id AND r.date >= s.date AND r.currency = s.currency
  WHERE r.type = 'refund'
  GROUP BY r.order_id
)
SELECT s.partner_id,
  count(*) AS commissions,
  sum(s.commission_minor)::HUGEINT AS commission_minor,
  COALESCE(sum(r.refund_count), 0)::BIGINT AS reversals,
  -COALESCE(sum(CASE WHEN r.refunded_minor IS NULL THEN 0
    ELSE (2 * s.commission_minor * least(r.refunded_minor, s.amount_minor) + s.amount_minor) // (2 * s.amount_minor) END), 0)::HUGEINT AS reversal_minor
FROM commissions s LEFT JOIN refunds r USING (order_id)
GROUP BY s.partner_id`;

async function duckdbTotals(inputs: CoreInputs): Promise<{ totals: Map<string, PartnerTotal>; load_ms: number; query_ms: number }> {
  if (inputs.settings.rounding !== 'half_up' || inputs.settings.base_currency !== 'USD') throw new Error('the SQL assumes half_up and USD');
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  const load_start = performance.now();
  await db.run('CREATE TABLE partners (partner_id VARCHAR, code VARCHAR, aliases VARCHAR, rate_bps BIGINT, flat_fee_minor BIGINT)');
  await db.run('CREATE TABLE conversions (order_id VARCHAR, code VARCHAR, amount_minor BIGINT, currency VARCHAR, date VARCHAR, type VARCHAR)');
  await db.run('CREATE TABLE fx (currency VARCHAR, date VARCHAR, rate_mantissa BIGINT)');
  const partners = await db.createAppender('partners');
  for (const p of inputs.partners) {
    partners.appendVarchar(p.partner_id); partners.appendVarchar(p.code); partners.appendVarchar(p.aliases.join('|'));
    partners.appendBigInt(BigInt(p.rate_bps ?? 0)); partners.appendBigInt(BigInt(p.flat_fee_minor ?? 0)); partners.endRow();
  }
  partners.closeSync();
  const conversions = await db.createAppender('conversions');
  for (const c of inputs.conversions) {
    conversions.appendVarchar(c.order_id); conversions.appendVarchar(c.code); conversions.appendBigInt(BigInt(c.amount_minor));
    conversions.appendVarchar(c.currency); conversions.appendVarchar(c.date); conversions.appendVarchar(c.type); conversions.endRow();
  }
  conversions.closeSync();
  const fx = await db.createAppender('fx');
  for (const f of inputs.fx) {
    // Rates in the bench data have at most 4 decimals: the SQL takes rate × 10^4 as an integer.
    const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(f.rate);
    if (!m) throw new Error(`bench FX rate ${f.rate} has more than 4 decimals`);
    fx.appendVarchar(f.currency); fx.appendVarchar(f.date); fx.appendBigInt(BigInt(m[1]! + (m[2] ?? '').padEnd(4, '0'))); fx.endRow();
  }
  fx.closeSync();
  const load_ms = performance.now() - load_start;
  const query_start = performance.now();
  const reader = await db.runAndReadAll(TOTALS_SQL);
  const rows = reader.getRowObjects();
  const query_ms = performance.now() - query_start;
  const totals = new Map<string, PartnerTotal>();
  for (const r of rows) {
    totals.set(String(r.partner_id), {
      partner_id: String(r.partner_id), commissions: Number(r.commissions), commission_minor: BigInt(String(r.commission_minor)),
      reversals: Number(r.reversals), reversal_minor: BigInt(String(r.reversal_minor)),
    });
  }
  db.closeSync();
  instance.closeSync();
  return { totals, load_ms, query_ms };
}
