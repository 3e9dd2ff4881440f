// Entry ids are stored in Ledger tabs, so the way they are written may change but never what they
// are. This test keeps the former derivation (cyrb53, each half as 8 hex digits from pieces) as
// the reference for entryIdFor, hash64 and isEntryIdOf on any text.
import fc from 'fast-check';
import { EntryIdIndex, StringIndex, entryIdFor, hash64, isEntryIdOf, saleKey } from '../../../src/core/earnings/ids';

function formerHash64(text: string): string {
  let a = 0xdeadbeef;
  let b = 0x41c6ce57;
  for (const ch of Array.from({ length: text.length }, (_, i) => text.charCodeAt(i))) [a, b] = [Math.imul(a ^ ch, 2654435761), Math.imul(b ^ ch, 1597334677)];
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return [b, a].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}

const textArb = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', 'sale:P-00001:O-1', 'sale:P-1:O-9'));

describe('earnings/ids (differential)', () => {
  describe('entryIdFor, hash64, isEntryIdOf', () => {
    it('derive the ids the former derivation gave, and recognise exactly them', () => {
      fc.assert(fc.property(textArb, textArb, fc.nat(17), (key, other, at) => {
        const id = `E-${formerHash64(key)}`;
        expect(hash64(key)).toBe(formerHash64(key));
        expect(entryIdFor(key)).toBe(id);
        expect(isEntryIdOf(id, key)).toBe(true);
        // Any other text, one changed character, another case or length: recognised only if equal.
        const changed = id.slice(0, at) + (id[at] === '0' ? '1' : '0') + id.slice(at + 1);
        for (const candidate of [entryIdFor(other), changed, id.toUpperCase(), `${id}0`, id.slice(0, -1), other]) {
          expect(isEntryIdOf(candidate, key)).toBe(candidate === id);
        }
      }), { numRuns: 5000 });
    });
  });

  describe('saleKey', () => {
    it('encodes each part as encodeURIComponent does (and throws where it throws)', () => {
      const former = (p: string, o: string) => `sale:${encodeURIComponent(p)}:${encodeURIComponent(o)}`;
      const outcome = (make: () => string) => {
        try {
          return make();
        } catch (e) {
          return `threw ${(e as Error).name}`;
        }
      };
      const partArb = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom("P-00001", "O-8-12", "a:b", "(x)!~*'._-", 'é', '\ud800'));
      fc.assert(fc.property(partArb, partArb, (p, o) => {
        expect(outcome(() => saleKey(p, o))).toBe(outcome(() => former(p, o)));
      }), { numRuns: 5000 });
    });
  });

  describe('EntryIdIndex', () => {
    it('adds, sets and finds exactly what a map of the ids entryIdFor wrote would, across growth', () => {
      const idArb = fc.oneof(
        fc.nat(40).map((n) => ({ key: `k${n}`, id: entryIdFor(`k${n}`) })),
        fc.nat(40).map((n) => ({ key: `k${n}`, id: entryIdFor(`k${n + 1}`) })),
        fc.nat(40).map((n) => ({ key: `k${n}`, id: entryIdFor(`k${n}`).toUpperCase() })),
        fc.tuple(fc.nat(40), fc.nat(17), fc.constantFrom('g', 'é', 'A', '-', '0')).map(([n, at, ch]) => {
          const id = entryIdFor(`k${n}`);
          return { key: `k${n}`, id: id.slice(0, at) + ch + id.slice(at + 1) };
        }),
      );
      fc.assert(fc.property(fc.array(idArb, { maxLength: 60 }), fc.nat(3000), (adds, bulk) => {
        // Sized for the ids, or for none (so it grows): the same answers either way.
        const index = new EntryIdIndex(bulk % 2 === 0 ? bulk + adds.length : 0);
        const plain = new Map<string, number>();
        // Many distinct ids first, so the table grows several times.
        const all = [...Array.from({ length: bulk }, (_, i) => ({ key: `bulk${i}`, id: entryIdFor(`bulk${i}`) })), ...adds];
        all.forEach(({ key, id }, position) => {
          const expected = id === entryIdFor(key) && !plain.has(id);
          expect(index.addIdOf(id, key, position)).toBe(expected);
          if (expected) plain.set(id, position);
        });
        for (const { key, id } of all) {
          expect(index.positionOf(id)).toBe(plain.get(id) ?? -1);
          expect(index.positionOf(entryIdFor(key))).toBe(plain.get(entryIdFor(key)) ?? -1);
        }
        // setPosition: any id entryIdFor could write is set (a later position replaces), any other refused.
        const canonical = /^E-[0-9a-f]{16}$/;
        all.forEach(({ id }, i) => {
          expect(index.setPosition(id, 10_000 + i)).toBe(canonical.test(id));
          if (canonical.test(id)) plain.set(id, 10_000 + i);
        });
        for (const { id } of all) expect(index.positionOf(id)).toBe(plain.get(id) ?? -1);
      }), { numRuns: 300 });
    });
  });

  describe('StringIndex', () => {
    it('numbers strings in the order they were first added, as a map of them would, across growth', () => {
      const keyArb = fc.oneof(fc.string({ maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 3 }), fc.constantFrom('', 'O-1', 'o-1', 'O-1 ', 'C-1|email:a'));
      fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), keyArb), { maxLength: 60 }), fc.nat(3000), (ops, bulk) => {
        // Sized for the keys, or for none (so it grows several times): the same answers either way.
        const index = new StringIndex(bulk % 2 === 0 ? bulk + ops.length : 0);
        const plain = new Map<string, number>();
        // Many distinct keys first, so the table grows; answers are compared once, as lists.
        const got: number[] = [];
        const want: number[] = [];
        const add = (key: string) => {
          const expected = plain.get(key) ?? plain.size;
          plain.set(key, expected);
          got.push(index.add(key), index.size);
          want.push(expected, plain.size);
        };
        for (let i = 0; i < bulk; i++) add(`bulk${i}`);
        for (const [adding, key] of ops) {
          if (adding) add(key);
          got.push(index.indexOf(key));
          want.push(plain.get(key) ?? -1);
        }
        for (const [key, expected] of plain) {
          got.push(index.indexOf(key));
          want.push(expected);
        }
        expect(got).toEqual(want);
      }), { numRuns: 300 });
    });
  });
});
