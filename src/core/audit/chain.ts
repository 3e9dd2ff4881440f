// The Audit tab is a hash chain: each row's hash covers the previous row's hash and the row's own
// fields, so editing, deleting, inserting or reordering any row breaks every hash after it. The
// hash function comes in as an argument (Utilities.computeDigest in Apps Script, node:crypto in
// tests) to keep the core free of globals.
import type { Email } from '../model';

export type Sha256Hex = (text: string) => string;

export interface AuditEvent {
  time_utc: string;
  actor: Email;
  action: string;
  subject: string;
  details: string;
}

export type AuditRow = [time_utc: string, actor: string, action: string, subject: string, details: string, prev_hash: string, hash: string];

/** The hash before the first row: a fixed value so an emptied Audit tab is detectable. */
export const GENESIS_HASH = '0'.repeat(64);

export function auditRowHash(prev_hash: string, event: AuditEvent, sha256: Sha256Hex): string {
  const body = JSON.stringify([event.time_utc, event.actor, event.action, event.subject, event.details]);
  return sha256(`${prev_hash}\n${body}`);
}

/** Chains events onto a head hash; returns the rows to append and the new head. */
export function chainAuditEvents(head_hash: string, events: AuditEvent[], sha256: Sha256Hex): { rows: AuditRow[]; head_hash: string } {
  const rows: AuditRow[] = [];
  let prev = head_hash;
  for (const event of events) {
    const hash = auditRowHash(prev, event, sha256);
    rows.push([event.time_utc, event.actor, event.action, event.subject, event.details, prev, hash]);
    prev = hash;
  }
  return { rows, head_hash: prev };
}

/** Signed bytes (as Utilities.computeDigest returns them) to lower-case hex. */
export function bytesToHex(bytes: ArrayLike<number>): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += ((bytes[i] + 256) % 256).toString(16).padStart(2, '0');
  return hex;
}
