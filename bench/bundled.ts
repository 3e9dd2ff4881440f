// The import path and the money core as the add-on ships them: one esbuild bundle (as Code.js, the
// sidebar and the CLI carry them), not the sources as tsx runs them. tsx turns every call across
// modules into getter calls (esbuild's CommonJS interop), a cost the shipped code does not have;
// the bench measures the shipped code unless `--sources` asks for the other.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { buildBatch } from '../src/core/payout';
import type { post } from '../src/core/earnings';
import type { ImportPath } from './core';

export interface CorePath { post: typeof post; buildBatch: typeof buildBatch }

function bundle<T>(name: string, exports: Record<string, string>): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pl-${name}-`));
  const src = path.join(__dirname, '..', 'src');
  const entry = path.join(dir, 'entry.ts');
  fs.writeFileSync(entry, Object.entries(exports).map(([fn, mod]) => `export { ${fn} } from ${JSON.stringify(path.join(src, mod))};\n`).join(''));
  const outfile = path.join(dir, `${name}.js`);
  esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'warning' });
  return require(outfile) as T;
}

export function bundledImportPath(): ImportPath {
  return bundle<ImportPath>('import-path', { parseCsv: 'core/input/csv', planImport: 'core/input/import-plan' });
}

export function bundledCore(): CorePath {
  return bundle<CorePath>('core', { post: 'core/earnings', buildBatch: 'core/payout' });
}
