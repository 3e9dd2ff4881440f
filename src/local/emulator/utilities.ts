// Utilities: digests and HMACs as Apps Script returns them (arrays of SIGNED bytes, -128..127),
// base64, blobs, Java-pattern date formatting in any zone, UUIDs, CSV, and a sleep that only
// moves the fake clock.
import { createHash, createHmac, randomUUID } from 'crypto';
import { isDateLike } from './cell-values';
import type { Env } from './env';
import { formatDateJava } from './format-date';

export const DIGEST_ALGORITHM = Object.freeze({
  MD2: 'MD2', MD5: 'MD5', SHA_1: 'SHA_1', SHA_256: 'SHA_256', SHA_384: 'SHA_384', SHA_512: 'SHA_512',
});
export const MAC_ALGORITHM = Object.freeze({
  HMAC_MD5: 'HMAC_MD5', HMAC_SHA_1: 'HMAC_SHA_1', HMAC_SHA_256: 'HMAC_SHA_256', HMAC_SHA_384: 'HMAC_SHA_384',
  HMAC_SHA_512: 'HMAC_SHA_512',
});
export const CHARSET = Object.freeze({ US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' });

const NODE_DIGEST: Record<string, string> = {
  MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512',
};
const NODE_MAC: Record<string, string> = {
  HMAC_MD5: 'md5', HMAC_SHA_1: 'sha1', HMAC_SHA_256: 'sha256', HMAC_SHA_384: 'sha384', HMAC_SHA_512: 'sha512',
};

/** Apps Script's maximum for Utilities.sleep. */
export const MAX_SLEEP_MS = 300000;

export class Blob {
  constructor(
    private readonly env: Env,
    private data: Buffer,
    private contentType: string | null,
    private name: string | null,
  ) {}

  getBytes(): number[] { this.env.call('Blob.getBytes', 'NONE'); return signedBytes(this.env, this.data); }
  getDataAsString(charset?: string): string {
    this.env.call('Blob.getDataAsString', 'NONE');
    return this.data.toString(charset === 'US_ASCII' ? 'latin1' : 'utf8');
  }
  setDataFromString(s: string, charset?: string): Blob {
    this.env.call('Blob.setDataFromString', 'NONE');
    this.data = encode(String(s), charset);
    return this;
  }
  getContentType(): string | null { this.env.call('Blob.getContentType', 'NONE'); return this.contentType; }
  setContentType(contentType: string | null): Blob {
    this.env.call('Blob.setContentType', 'NONE');
    this.contentType = contentType;
    return this;
  }
  getName(): string | null { this.env.call('Blob.getName', 'NONE'); return this.name; }
  setName(name: string): Blob { this.env.call('Blob.setName', 'NONE'); this.name = String(name); return this; }
  copyBlob(): Blob {
    this.env.call('Blob.copyBlob', 'NONE');
    return new Blob(this.env, Buffer.from(this.data), this.contentType, this.name);
  }
  isGoogleType(): boolean { this.env.call('Blob.isGoogleType', 'NONE'); return false; }
  getBlob(): Blob { this.env.call('Blob.getBlob', 'NONE'); return this; }
}

export class UtilitiesImpl {
  readonly DigestAlgorithm = DIGEST_ALGORITHM;
  readonly MacAlgorithm = MAC_ALGORITHM;
  readonly Charset = CHARSET;

  constructor(private readonly env: Env) {}

  computeDigest(algorithm: string, value: unknown, charset?: string): number[] {
    this.env.call('Utilities.computeDigest', 'NONE');
    const alg = NODE_DIGEST[String(algorithm)];
    if (!alg) this.env.fail(`Unsupported digest algorithm: ${String(algorithm)}`);
    return signedBytes(this.env, createHash(alg).update(this.input(value, charset)).digest());
  }

  computeHmacSha256Signature(value: unknown, key: unknown, charset?: string): number[] {
    this.env.call('Utilities.computeHmacSha256Signature', 'NONE');
    return this.hmac('sha256', value, key, charset);
  }

  computeHmacSignature(algorithm: string, value: unknown, key: unknown, charset?: string): number[] {
    this.env.call('Utilities.computeHmacSignature', 'NONE');
    const alg = NODE_MAC[String(algorithm)];
    if (!alg) this.env.fail(`Unsupported MAC algorithm: ${String(algorithm)}`);
    return this.hmac(alg, value, key, charset);
  }

  base64Encode(data: unknown, charset?: string): string {
    this.env.call('Utilities.base64Encode', 'NONE');
    return this.input(data, charset).toString('base64');
  }

  base64EncodeWebSafe(data: unknown, charset?: string): string {
    this.env.call('Utilities.base64EncodeWebSafe', 'NONE');
    return this.input(data, charset).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  }

  base64Decode(encoded: string, _charset?: string): number[] {
    this.env.call('Utilities.base64Decode', 'NONE');
    return signedBytes(this.env, Buffer.from(String(encoded), 'base64'));
  }

  base64DecodeWebSafe(encoded: string, _charset?: string): number[] {
    this.env.call('Utilities.base64DecodeWebSafe', 'NONE');
    return signedBytes(this.env, Buffer.from(String(encoded).replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  }

  newBlob(data: unknown, contentType?: string, name?: string): Blob {
    this.env.call('Utilities.newBlob', 'NONE');
    return new Blob(this.env, this.input(data === undefined ? '' : data), contentType ?? null, name ?? null);
  }

  formatDate(date: Date, timeZone: string, format: string): string {
    this.env.call('Utilities.formatDate', 'NONE');
    if (!isDateLike(date)) {
      this.env.fail("The parameters (" + typeof date + ",String,String) don't match the method signature for Utilities.formatDate.");
    }
    try {
      return formatDateJava(date.getTime(), String(timeZone), String(format));
    } catch (e) {
      return this.env.fail(e instanceof Error ? e.message : String(e));
    }
  }

  getUuid(): string {
    this.env.call('Utilities.getUuid', 'NONE');
    return randomUUID();
  }

  /** Never blocks: the fake clock moves on by the requested time (at most 5 minutes). */
  sleep(milliseconds: number): void {
    this.env.call('Utilities.sleep', 'NONE');
    this.env.state.clockOffset_ms += Math.min(Math.max(0, Number(milliseconds) || 0), MAX_SLEEP_MS);
  }

  parseCsv(csv: string, delimiter = ','): string[][] {
    this.env.call('Utilities.parseCsv', 'NONE');
    return this.env.list(parseCsvText(String(csv), delimiter).map((r) => this.env.list(r)));
  }

  private hmac(alg: string, value: unknown, key: unknown, charset?: string): number[] {
    return signedBytes(this.env, createHmac(alg, this.input(key, charset)).update(this.input(value, charset)).digest());
  }

  /** A string (encoded in `charset`, UTF-8 by default) or an array of signed or unsigned bytes. */
  private input(value: unknown, charset?: string): Buffer {
    if (value instanceof Blob) return Buffer.from(value.getBytes().map((b) => b & 0xff));
    if (Array.isArray(value)) return Buffer.from(value.map((b) => Number(b) & 0xff));
    return encode(String(value), charset);
  }
}

function encode(s: string, charset?: string): Buffer {
  return Buffer.from(s, charset === 'US_ASCII' ? 'latin1' : 'utf8');
}

function signedBytes(env: Env, buf: Buffer): number[] {
  const out = new Array<number>(buf.length);
  for (let i = 0; i < buf.length; i++) out[i] = buf[i] > 127 ? buf[i] - 256 : buf[i];
  return env.list(out);
}

/** RFC 4180: quoted fields may hold delimiters, newlines and doubled quotes. */
export function parseCsvText(csv: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i];
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && csv[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
