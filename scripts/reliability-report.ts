// `npm run reliability`: builds the add-on, runs the reliability suites (test/reliability) with
// Jest's JSON report, reads what each suite recorded it actually did (build/reliability/<suite>.json,
// written by test/reliability/support.ts `recorder`), and writes docs/RELIABILITY.md. Every figure
// in the document comes from that run; nothing is typed in here. Exits 1 when a test failed (the
// document is still written, showing the failures).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const FIGURES_DIR = path.join(ROOT, 'build', 'reliability');
const JEST_JSON = path.join(FIGURES_DIR, 'jest.json');
const DOC = path.join(ROOT, 'docs', 'RELIABILITY.md');
const SUITES = ['crash', 'races', 'replay', 'tamper', 'bad-input'] as const;
type Suite = (typeof SUITES)[number];

interface JestReport {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  testResults: Array<{ name: string; startTime: number; endTime: number; assertionResults: Array<{ status: string; fullName: string }> }>;
}

function run(command: string, args: string[]): number {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  return result.status ?? 1;
}

function figuresOf(suite: Suite): Record<string, number> {
  const file = path.join(FIGURES_DIR, `${suite}.json`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: the ${suite} suite did not record its figures`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>;
}

function resultsOf(report: JestReport, suite: Suite): { passed: number; failed: number; seconds: number; failures: string[] } {
  const file = report.testResults.find((t) => path.basename(t.name) === `${suite}.test.ts`);
  if (!file) throw new Error(`jest ran no test/reliability/${suite}.test.ts`);
  const passed = file.assertionResults.filter((a) => a.status === 'passed').length;
  const failures = file.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName);
  return { passed, failed: failures.length, seconds: (file.endTime - file.startTime) / 1000, failures };
}

const n = (value: number | undefined): string => (value ?? 0).toLocaleString('en-US');

function byPrefix(figures: Record<string, number>, prefix: string): Array<[string, number]> {
  return Object.entries(figures).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v] as [string, number]).sort((a, b) => b[1] - a[1]);
}

function main(): number {
  fs.rmSync(FIGURES_DIR, { recursive: true, force: true });
  if (run('npm', ['run', '--silent', 'build']) !== 0) return 1;
  const started = Date.now();
  const jest_status = run(process.execPath, [require.resolve('jest/bin/jest'), 'test/reliability', '--json', `--outputFile=${JEST_JSON}`]);
  const wall_s = (Date.now() - started) / 1000;
  const report = JSON.parse(fs.readFileSync(JEST_JSON, 'utf8')) as JestReport;
  const f = Object.fromEntries(SUITES.map((s) => [s, figuresOf(s)])) as Record<Suite, Record<string, number>>;
  const r = Object.fromEntries(SUITES.map((s) => [s, resultsOf(report, s)])) as Record<Suite, ReturnType<typeof resultsOf>>;
  const result = (s: Suite) => (r[s].failed === 0 ? `all ${r[s].passed} tests pass` : `**${r[s].failed} of ${r[s].passed + r[s].failed} tests FAIL**`);
  const lost = (f.crash['entries lost'] ?? 0) + (f.replay['entries lost'] ?? 0);
  const duplicated = (f.crash['entries duplicated'] ?? 0) + (f.replay['entries duplicated'] ?? 0);
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const refusals = byPrefix(f.tamper, '').filter(([k]) => k.endsWith('refused on a tampered workbook'));

  const doc = `# Reliability

What Partner Ledger guarantees about money and records, and what was done to it to check. This file
is written by \`npm run reliability\` (scripts/reliability-report.ts) from one run of the suites in
\`test/reliability/\`, which also run in \`npm test\`; every number below was counted by the tests
as they ran.

## The guarantees, in plain words

1. **An interrupted action never loses or doubles money.** Apps Script can stop an action at any
   service call (the 6-minute limit, a quota, an outage). Each write to a protected tab records its
   intent first, appends its rows, then moves the tab's anchor; the next action completes a write
   whose rows arrived or drops one whose rows did not. Running the action again, and then the next
   action, leaves exactly the workbook an uninterrupted run leaves: every tab except Audit, cell for
   cell, and every document property.
2. **No audit gap.** Every change to the books has its Audit row. An action stopped after its
   change but before its Audit rows were written has its recorded Audit rows written by the next
   action, exactly as recorded (same time, user, details), followed by a \`RESUMED\` row that names
   the interrupted action, who ran it, the writes it completed and what is left to do.
3. **One action at a time, one approval.** Every action that writes holds the document lock. A
   second action meanwhile is told that another Partner Ledger action is running, that nothing was
   changed and to try again; it writes nothing. A batch is approved once: a second approval is
   refused with the batch's state and what may follow; an approval of a batch that changed since
   the manager looked is refused.
4. **Replays change nothing.** Importing the same data again, in any order and any split into
   files, and posting again, gives the same ledger and the same payout file. After every action,
   money is conserved per partner, each order has one commission, every batch total equals its lines
   and each line its entries, nothing is batched before it is due or while held for review, and no
   partner is paid more than its eligible balance.
5. **Tampering shows.** Ledger, Batches, Reviews and Audit are hash chains anchored in Document
   Properties; each Payout tab is sealed. Editing, deleting, inserting, pasting, swapping or
   truncating rows, or editing an anchor, makes Verify name the tab and the first bad row, and
   building, approving, exporting and marking paid refuse until it is restored.
6. **Bad input never corrupts and never disappears.** A file with a structural problem is refused
   whole, naming the file and what is wrong, and nothing is written. Rows with errors are kept in
   their tab and listed as \`Tab!row, column: message (value)\`, and the valid rows of the same file
   are imported.

## What was tried (run of commit ${commit})

| Area | What was done | Count | Result |
|---|---|---:|---|
| Faults injected | A fault at every mutating service call k of every mutating action of the month's cycle (${n(f.crash['faults injected'])} cases over ${byPrefix(f.crash, 'faults injected in ').length} actions); each then run again, then the next action; compared with an uninterrupted run | ${n(f.crash['faults injected'])} | ${result('crash')} |
| – audited interruptions | Cases whose next action wrote a \`RESUMED\` row for the stopped action; Audit rows it recovered, exactly as the stopped action recorded them | ${n(f.crash['interruptions the next action audited (RESUMED rows)'])}; ${n(f.crash['audit rows recovered from interrupted actions'])} | |
| Races | A second execution started at every mutating call of a first one (two approvals, post during approval and the reverse, two builds) | ${n(f.races['interleavings run'])} | ${result('races')} |
| – losers | Told BUSY with nothing written; stale approvals refused; lock held by another execution | ${n(f.races['losers told BUSY, nothing written'])}; ${n(f.races['stale approvals refused'])}; ${n(f.races['lock held by another execution'])} | |
| Replays | Random months (fast-check, seeded) imported 1–3 times in shuffled order and random chunks, compared with one clean import | ${n(f.replay['replays'])} | ${result('replay')} |
| – actions and invariant checks | Imports (${n(f.replay['imports'])}, ${n(f.replay['rows imported'])} rows), posts, builds and approvals, each followed by the invariant checker | ${n(f.replay['invariant checks run'])} | |
| Tamper cases | Row edits, deletions, insertions, pasted copies, swaps and truncations in Ledger, Batches, Reviews, Audit and a Payout tab | ${n(f.tamper['tab tamper cases'])} | ${result('tamper')} |
| – property edits | Anchors, a forged intent, a forged pending audit record, the schema version | ${n(f.tamper['property tamper cases'])} | |
| – detection | Verify named the exact first bad row; money actions refused (${refusals.map(([k, v]) => `${k.replace(' refused on a tampered workbook', '')} ${n(v)}`).join(', ')}) | ${n(f.tamper['named by Verify at the first bad row'])}; ${n(refusals.reduce((s, [, v]) => s + v, 0))} | |
| Bad inputs | Corpus files through the CLI: structural (refused, workbook file unchanged) and with row errors (reported, kept) | ${n(f['bad-input']['bad inputs (structural)'])} + ${n(f['bad-input']['bad inputs (row errors)'])} | ${result('bad-input')} |
| – cells and rows | Bad cells reported as Tab!row, column; lines kept; valid rows imported | ${n(f['bad-input']['bad cells reported'])}; ${n(f['bad-input']['lines kept'])}; ${n(f['bad-input']['valid rows kept'])} | |
| **Ledger entries lost / duplicated** | Entry ids compared with the uninterrupted or clean run (${n((f.crash['ledger entries compared'] ?? 0) + (f.replay['ledger entries compared'] ?? 0))} comparisons) | **${n(lost)} / ${n(duplicated)}** | |

Where the faults landed: ${byPrefix(f.crash, 'faults at ').map(([k, v]) => `${k} ${n(v)}`).join(', ')}.
Faults per action: ${byPrefix(f.crash, 'faults injected in ').map(([k, v]) => `${k} ${n(v)}`).join(', ')}.

Run: ${n(report.numTotalTests)} tests (${n(report.numPassedTests)} passed, ${n(report.numFailedTests)} failed) in ${wall_s.toFixed(1)} s of wall time on ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; per suite: ${SUITES.map((s) => `${s} ${r[s].seconds.toFixed(1)} s`).join(', ')}.
${SUITES.flatMap((s) => r[s].failures.map((x) => `\n- FAILED (${s}): ${x}`)).join('')}
## How to reproduce

- \`npm run reliability\` rebuilds, reruns the suites and rewrites this file.
- One crash case: \`RELIABILITY_STEP=<step> RELIABILITY_K=<k> npx jest test/reliability/crash\` (a
  failing case prints this line). Another replay seed: \`RELIABILITY_SEED=<n> npx jest test/reliability/replay\`.

## Limits (what this does not show)

- The suites run the built add-on in the project's Apps Script emulator, not in Google's servers:
  a fault is an exception before a service call takes effect; Google can also fail *during* a
  call, which the emulator does not model.
- Document Properties can only be read and written by the add-on's own code. Edits that contradict
  the tabs are caught (above); an attacker who runs code as the add-on could rewrite tabs and
  anchors consistently, which no check inside the same spreadsheet can detect.
- Rows identical in every cell are counted as a multiset per import: two identical refund rows in
  one file are two refunds, but split across two files the second is taken for a re-import. The
  replays use distinct rows; real exports should carry a refund id or date to tell them apart.
- Notification mail (a built or an approved batch) goes out right after the write that commits
  the batch, which the next action completes if the execution stops later, so a stopped and
  retried action never mails twice (the crash sweep checks every case). A stop at the send itself
  loses that notification: the sweep stops ${n(f.crash['faults at MailApp.sendEmail'] ?? 0)} times at a send, and finds
  ${n(f.crash['notifications lost to the stop'] ?? 0)} mails missing over its two comparisons per case (after the retry, after the next
  step). The sidebar still shows the batch's state.
- A review rejection stopped after its decision was written and before its offsetting entry is
  completed by running it again or by the next post (the Audit's \`RESUMED\` row says which).
`;
  fs.mkdirSync(path.dirname(DOC), { recursive: true });
  fs.writeFileSync(DOC, doc);
  console.log(`wrote ${path.relative(ROOT, DOC)}: ${n(report.numPassedTests)} passed, ${n(report.numFailedTests)} failed, lost ${lost}, duplicated ${duplicated}`);
  return jest_status === 0 && report.numFailedTests === 0 ? 0 : 1;
}

process.exitCode = main();
