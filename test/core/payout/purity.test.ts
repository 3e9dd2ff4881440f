// The payout and audit modules are bundled into Apps Script V8: no Node globals, no clock, no
// randomness, no realm-sensitive Date checks. This guards that boundary.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SRC = join(__dirname, '..', '..', '..', 'src', 'core');
const bundled = ['payout', 'audit'].flatMap((dir) => readdirSync(join(SRC, dir)).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f)));

describe('core payout and audit purity', () => {
  it.each(bundled)('%s uses no Node-only API, clock, randomness or realm-sensitive date check', (file) => {
    // Comments may name the Apps Script services the shell uses; only code counts.
    const source = readFileSync(join(SRC, file), 'utf8').split('\n').filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line)).join('\n');
    for (const forbidden of ['Buffer', 'TextDecoder', 'process.', 'require(', "from 'node:", 'instanceof Date', 'new Date()', 'Date.now', 'Math.random', 'Utilities.', 'SpreadsheetApp']) {
      expect(source).not.toContain(forbidden);
    }
  });
});
