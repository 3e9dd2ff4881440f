// The input, money and text modules are bundled into Apps Script, which has no Node globals; only
// csv.ts (sidebar and CLI) may use csv-parse. This guards that boundary.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SRC = join(__dirname, '..', '..', '..', 'src', 'core');
const bundled = ['input', 'money', 'text'].flatMap((dir) =>
  readdirSync(join(SRC, dir)).filter((f) => f.endsWith('.ts') && !(dir === 'input' && f === 'csv.ts')).map((f) => join(dir, f)));

describe('core input purity', () => {
  it.each(bundled)('%s uses no Node-only API and no realm-sensitive date check', (file) => {
    const source = readFileSync(join(SRC, file), 'utf8');
    for (const forbidden of ['csv-parse', 'Buffer', 'TextDecoder', 'process.', 'require(', "from './csv'", 'instanceof Date', 'new Date()', 'Date.now']) {
      expect(source).not.toContain(forbidden);
    }
  });
});
