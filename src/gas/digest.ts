// The add-on's SHA-256: computed in-process (see core/audit/sha256.ts for why not
// Utilities.computeDigest); test/core/audit/sha256.test.ts checks it against Node's crypto and
// the emulator's computeDigest.
export { sha256Hex } from '../core/audit/sha256';
