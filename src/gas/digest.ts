import { bytesToHex } from '../core/audit/chain';

/** SHA-256 of UTF-8 text as lower-case hex, with Apps Script's own digest. */
export function sha256Hex(text: string): string {
  const bytes = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8);
  return bytesToHex(bytes);
}
