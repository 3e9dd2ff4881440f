// `npm run bench [-- --sizes 1k,10k,100k,200k,1M] [--repeats 3] [--no-emulator] [--core-only] [--out bench/results.json]`
// (`--core-only`: only core post + batch vs DuckDB, for work on the money core; implies --no-emulator.
// `--sources`: measure the import path and the core as tsx runs the sources instead of as shipped.)
//
// Generates the data (bench/data/, git-ignored; reused when present), then runs each size in two
// child processes: one for measurements 1 and 2 (so the ratios of one size, import vs csv-parse and
// core vs DuckDB, come from one process), one for the add-on's cycle in the emulator (so its peak
// RSS is the cycle's own, not DuckDB's or the data generator's). Writes bench/results.json.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { benchCore, benchImport, coreInputs } from './core';
import { benchEmulator } from './emulator';
import { ensureData, parseSize } from './generate';
import { peakRssMiB } from './measure';
import { BUILD_DIR, assertBuilt } from '../src/local/workbook-session';
import { bundledCore, bundledImportPath } from './bundled';
import { writeFigures } from './report';

const DEFAULT_OUT = path.join(__dirname, 'results.json');

type Phase = 'measurements' | 'emulator';

interface Options { sizes: string[]; repeats: number; emulator: boolean; import: boolean; sources: boolean; out: string; child: string | null; phase: Phase; build_dir: string }

function parseArgs(argv: string[]): Options {
  const options: Options = { sizes: ['1k', '10k', '100k', '200k', '1M'], repeats: 3, emulator: true, import: true, sources: false, out: DEFAULT_OUT, child: null, phase: 'measurements', build_dir: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--sizes') options.sizes = value().split(',').map((s) => s.trim()).filter((s) => s !== '');
    else if (a === '--repeats') options.repeats = Number(value());
    else if (a === '--no-emulator') options.emulator = false;
    else if (a === '--core-only') { options.emulator = false; options.import = false; }
    else if (a === '--sources') options.sources = true;
    else if (a === '--out') options.out = path.resolve(value());
    else if (a === '--child') options.child = value();
    else if (a === '--phase') options.phase = value() === 'emulator' ? 'emulator' : 'measurements';
    else if (a === '--build-dir') options.build_dir = value();
    else throw new Error(`unknown option ${a}`);
  }
  for (const s of options.sizes) parseSize(s);
  if (!options.import && options.out === DEFAULT_OUT && options.child === null) throw new Error('--core-only measures part of the bench: give it an --out file');
  return options;
}

async function child(label: string, options: Options): Promise<void> {
  const rows = parseSize(label);
  const log = (line: string) => process.stderr.write(`[${label}] ${line}\n`);
  const files = ensureData(rows, label);
  if (options.phase === 'emulator') {
    log('the add-on in the emulator');
    const emulator = benchEmulator(files, rows, options.build_dir, log);
    process.stdout.write(`${JSON.stringify({ emulator, peak_rss_mib: peakRssMiB() })}\n`);
    return;
  }
  let importFigures = null;
  if (options.import) {
    log(`import path vs csv-parse (best of ${options.repeats})`);
    importFigures = benchImport(files.conversions, options.repeats, options.sources ? undefined : bundledImportPath());
    log(`  csv-parse ${importFigures.csv_parse_ms.toFixed(0)} ms, import path ${importFigures.import_path_ms.toFixed(0)} ms: ${importFigures.ratio.toFixed(2)}×`);
  }
  log('core post + batch vs DuckDB');
  const coreFigures = await benchCore(coreInputs(files), options.sources ? undefined : bundledCore());
  log(`  core ${coreFigures.core_ms.toFixed(0)} ms (post ${coreFigures.core_post_ms.toFixed(0)}, batch ${coreFigures.core_batch_ms.toFixed(0)}), DuckDB query ${coreFigures.duckdb_query_ms.toFixed(0)} ms (+ load ${coreFigures.duckdb_load_ms.toFixed(0)}): ${coreFigures.ratio_core_to_duckdb_query.toFixed(2)}×; totals match: ${coreFigures.totals_match} (${coreFigures.partners_compared} partners)`);
  process.stdout.write(`${JSON.stringify({ size: label, rows, import: importFigures, core: coreFigures, measurements_peak_rss_mib: peakRssMiB() })}\n`);
}

/** Runs one phase of one size in its own process; its last stdout line is its JSON figures. */
function runChild(label: string, phase: Phase, options: Options, build_dir: string): { ok: true; figures: Record<string, unknown>; wall_ms: number } | { ok: false; failure: Record<string, unknown> } {
  const args = ['--import', 'tsx', __filename, '--child', label, '--phase', phase, '--repeats', String(options.repeats), '--build-dir', build_dir,
    ...(options.import ? [] : ['--core-only']), ...(options.sources ? ['--sources'] : [])];
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--max-old-space-size=16384', ...args], { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 * 2 ** 20 });
  const wall_ms = performance.now() - started;
  if (run.status !== 0) {
    process.stderr.write(`size ${label} (${phase}) failed (exit ${run.status}, signal ${run.signal})\n`);
    return { ok: false, failure: { size: label, failed: true, phase, exit: run.status, signal: run.signal, wall_ms } };
  }
  const lines = run.stdout.toString().trim().split('\n');
  return { ok: true, figures: JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>, wall_ms };
}

function machine(): Record<string, string | number> {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  let nproc = String(os.cpus().length);
  try { nproc = execFileSync('nproc').toString().trim(); } catch { /* os.cpus() then */ }
  return { nproc, cpu_model: model, ram_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, node: process.version, platform: `${os.type()} ${os.release()}`, date_utc: new Date().toISOString() };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.child) return child(options.child, options);
  const missing = assertBuilt();
  if (missing) throw new Error(missing);
  // The bundle as it is now: a rebuild while a long run is going on must not change what it measures.
  const build_dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-bench-build-'));
  fs.cpSync(BUILD_DIR, build_dir, { recursive: true });
  const results: unknown[] = [];
  for (const label of options.sizes) {
    process.stderr.write(`== ${label} conversions ==\n`);
    const measured = runChild(label, 'measurements', options, build_dir);
    if (!measured.ok) { results.push(measured.failure); continue; }
    let result: Record<string, unknown> = { ...measured.figures, emulator: null, child_wall_ms: measured.wall_ms };
    if (options.emulator) {
      const cycle = runChild(label, 'emulator', options, build_dir);
      if (!cycle.ok) { results.push(cycle.failure); continue; }
      result = { ...result, ...cycle.figures, child_wall_ms: measured.wall_ms + cycle.wall_ms };
    }
    results.push(result);
  }
  fs.rmSync(build_dir, { recursive: true, force: true });
  // Which code measurements 1 and 2 ran: the shipped bundle, or the sources through tsx.
  const report = { machine: machine(), sizes: options.sizes, repeats: options.repeats, code: options.sources ? 'sources (tsx)' : 'bundled (esbuild, as shipped)', results };
  fs.writeFileSync(options.out, `${JSON.stringify(report, null, 1)}\n`);
  process.stderr.write(`wrote ${path.relative(process.cwd(), options.out)}\n`);
  // The document shows the figures of the committed results file, never of a side run.
  if (options.out === DEFAULT_OUT) {
    writeFigures(options.out);
    process.stderr.write('updated the figures in docs/BENCHMARKS.md\n');
  }
  if (results.some((r) => (r as { failed?: boolean }).failed || (r as { core?: { totals_match: boolean } }).core?.totals_match === false)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
