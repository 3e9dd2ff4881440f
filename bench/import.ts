// `npx tsx bench/import.ts [--sizes 1k,100k] [--repeats 3]`: only measurement 1 (import path vs
// csv-parse alone), without the build, the core or the emulator, for iterating on the import path.
// Prints the figures; writes nothing (bench/run.ts remains the source of bench/results.json).
import { benchImport } from './core';
import { ensureData, parseSize } from './generate';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
};
const sizes = option('--sizes', '1k,100k').split(',').map((s) => s.trim()).filter((s) => s !== '');
const repeats = Number(option('--repeats', '3'));
for (const label of sizes) {
  const files = ensureData(parseSize(label), label);
  const f = benchImport(files.conversions, repeats);
  process.stdout.write(`${label}: csv-parse ${f.csv_parse_ms.toFixed(0)} ms, import path ${f.import_path_ms.toFixed(0)} ms: ${f.ratio.toFixed(2)}× ` +
    `(${f.appended} rows appended, ${f.row_errors} row errors)\n`);
}
