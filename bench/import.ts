// `npx tsx bench/import.ts [--sizes 1k,100k] [--repeats 3] [--bundled]`: only measurement 1 (import
// path vs csv-parse alone), without the build, the core or the emulator, for iterating on it.
// Prints the figures; writes nothing (bench/run.ts remains the source of bench/results.json).
//
// --bundled measures the import path as the add-on ships it (one esbuild bundle, as the CLI, the
// sidebar and Code.js carry it) instead of the sources as tsx runs them: tsx turns every call across
// modules into two getter calls (esbuild's CommonJS interop), a cost the shipped code does not have.
import { bundledImportPath } from './bundled';
import { benchImport } from './core';
import { ensureData, parseSize } from './generate';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
};

const sizes = option('--sizes', '1k,100k').split(',').map((s) => s.trim()).filter((s) => s !== '');
const repeats = Number(option('--repeats', '3'));
const importPath = args.includes('--bundled') ? bundledImportPath() : undefined;
for (const label of sizes) {
  const files = ensureData(parseSize(label), label);
  const f = benchImport(files.conversions, repeats, importPath);
  process.stdout.write(`${label}${importPath ? ' (bundled)' : ''}: csv-parse ${f.csv_parse_ms.toFixed(0)} ms, import path ${f.import_path_ms.toFixed(0)} ms: ${f.ratio.toFixed(2)}× ` +
    `(${f.appended} rows appended, ${f.row_errors} row errors)\n`);
}
