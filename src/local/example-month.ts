// The example month (examples/*.csv) loaded into a fresh emulated workbook, as far as a caller asks:
// what `npm run sidebar` serves and what the browser tests start from.
import * as fs from 'fs';
import * as path from 'path';
import { parseCsv } from '../core/input/csv';
import { PROJECT_ROOT, WorkbookSession } from './workbook-session';

export const EXAMPLE_AS_OF = '2026-05-31';
/** The example Settings name these people (examples/settings.csv); the owner is a manager too. */
export const EXAMPLE_PEOPLE = {
  owner: 'owner@acme.example',
  ops: 'olivia.ops@acme.example',
  manager: 'maria.manager@acme.example',
  finance: 'frank.finance@acme.example',
} as const;

export type ExampleStage = 'blank' | 'set_up' | 'imported' | 'posted';

function readExample(name: string): { file: string; headers: string[]; rows: string[][]; line_of_row: number[] } {
  const file = path.join(PROJECT_ROOT, 'examples', name);
  const parsed = parseCsv(new Uint8Array(fs.readFileSync(file)), name);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message}`);
  return { file: name, headers: parsed.headers, rows: parsed.rows, line_of_row: parsed.line_of_row };
}

function expectOk(step: string, result: unknown): void {
  const r = result as { ok: boolean; message?: string };
  if (!r.ok) throw new Error(`example month, ${step}: ${r.message ?? 'refused'}`);
}

/** A workbook at noon UTC of the example as-of date, taken as far as `stage`. */
export function exampleSession(stage: ExampleStage): WorkbookSession {
  const session = WorkbookSession.create({ owner: EXAMPLE_PEOPLE.owner, now_ms: Date.parse(`${EXAMPLE_AS_OF}T12:00:00Z`) });
  if (stage === 'blank') return session;
  const settings = readExample('settings.csv');
  const pairs = settings.rows.map((r): [string, string] => [String(r[0] ?? '').trim(), String(r[1] ?? '').trim()]).filter(([k]) => k !== '');
  expectOk('set up', session.run(EXAMPLE_PEOPLE.owner, 'setUpWorkbook', { settings: pairs }));
  if (stage === 'set_up') return session;
  for (const kind of ['partners', 'conversions', 'rules', 'fx'] as const) {
    const csv = readExample(`${kind}.csv`);
    expectOk(`import ${kind}`, session.run(EXAMPLE_PEOPLE.ops, 'importRows', { kind, ...csv }));
  }
  if (stage === 'imported') return session;
  expectOk('post', session.run(EXAMPLE_PEOPLE.ops, 'postCommissions'));
  return session;
}
