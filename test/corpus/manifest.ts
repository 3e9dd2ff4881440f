// The bad-input corpus manifest (test/corpus/expected.json) as the end-to-end suites read it: the
// cases, the fixed-offset zone the manifest's dates are in, and a case's settings as Settings rows.
import * as fs from 'fs';
import * as path from 'path';
import type { Settings } from '../../src/core/settings';
import type { Finding } from '../e2e/helpers';

export interface CorpusCase {
  file: string;
  kind: string;
  settings?: Partial<Settings>;
  structural?: { code: string; includes?: string[] };
  errors?: Finding[];
  /** Findings after Validate, when they differ from the import's. */
  validated?: Finding[];
  import_problems?: Array<{ row: number; includes: string[] }>;
  accepted?: number;
  neutralised?: Array<{ row: number; column: string }>;
}

export const CORPUS = path.join(__dirname);
export const manifest = JSON.parse(fs.readFileSync(path.join(CORPUS, 'expected.json'), 'utf8')) as { as_of: string; utc_offset_hours: number; cases: CorpusCase[] };

/** The conversions and partners cases: the kinds a user imports as files. */
export const FILE_CASES = manifest.cases.filter((c) => c.kind === 'conversions' || c.kind === 'partners');

/** A fixed-offset zone for the manifest's offset (Etc/GMT signs are inverted: UTC-5 is Etc/GMT+5). */
export const ZONE = `Etc/GMT${manifest.utc_offset_hours <= 0 ? '+' : '-'}${Math.abs(manifest.utc_offset_hours)}`;

/** A case's settings as Settings-tab rows. */
export function settingsRows(c: CorpusCase): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(c.settings ?? {})) {
    if (key === 'column_map') for (const [field, header] of Object.entries(value as Record<string, string>)) rows.push([`map.${field}`, header]);
    else rows.push([key, String(value)]);
  }
  return rows;
}
