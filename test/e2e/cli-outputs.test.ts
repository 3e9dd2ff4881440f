// What `run` clears from its --out folder before writing: its own earlier outputs, whatever state
// their batch reached (VOID/PAID payout tabs, ALREADY-PAID files), and never anything else.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { removeRunOutputs } from '../../src/local/dump';

it('removes every tab CSV and payout file a run writes, and leaves the user\'s own files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-outputs-'));
  const ours = ['Ledger.csv', 'Batches.csv', 'Payout B-20260531-1.csv', 'VOID Payout B-20260531-1.csv', 'PAID Payout B-20260531-2.csv',
    'payout-B-20260531-1.csv', 'payout-B-20260531-2-EUR.csv', 'ALREADY-PAID-payout-B-20260531-2.csv'];
  const theirs = ['notes.csv', 'payout-notes.txt', 'my Payout plan.csv', 'ALREADY-PAID.txt'];
  for (const name of [...ours, ...theirs]) fs.writeFileSync(path.join(dir, name), 'x');
  fs.mkdirSync(path.join(dir, 'Payout archive.csv'));
  expect(removeRunOutputs(dir).sort()).toEqual([...ours].sort());
  expect(fs.readdirSync(dir).sort()).toEqual([...theirs, 'Payout archive.csv'].sort());
});
