// MailApp: mail is recorded in sentMail, never sent. Each recipient uses one unit of the daily
// quota, as in Apps Script; the mail goes out as the script, even when the active user is unknown.
import type { Env } from './env';
import type { SentMail } from './types';

export const QUOTA_MESSAGE = 'Service invoked too many times for one day: email.';
const EMAIL = /^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$/;

interface MailMessage {
  to?: unknown;
  cc?: unknown;
  bcc?: unknown;
  subject?: unknown;
  body?: unknown;
  htmlBody?: unknown;
  name?: unknown;
  replyTo?: unknown;
  noReply?: unknown;
}

export class MailAppImpl {
  constructor(private readonly env: Env) {}

  getRemainingDailyQuota(): number {
    this.env.call('MailApp.getRemainingDailyQuota');
    return Math.max(0, this.env.state.mailQuota - this.env.state.mailUsed);
  }

  /** sendEmail(recipient, subject, body[, options]) or sendEmail(message). */
  sendEmail(a: unknown, subject?: unknown, body?: unknown, options?: MailMessage): void {
    this.env.call('MailApp.sendEmail', 'FULL');
    const m: MailMessage = typeof a === 'object' && a !== null
      ? (a as MailMessage)
      : { ...(options ?? {}), to: a, subject, body };
    const to = listOf(m.to);
    const cc = listOf(m.cc);
    const bcc = listOf(m.bcc);
    const recipients = [...to, ...cc, ...bcc];
    if (recipients.length === 0) this.env.fail('Failed to send email: no recipient');
    for (const r of recipients) if (!EMAIL.test(r)) this.env.fail(`Invalid email: ${r}`);
    const state = this.env.state;
    if (state.mailUsed + recipients.length > state.mailQuota) this.env.fail(QUOTA_MESSAGE);
    this.env.mutate('MailApp.sendEmail');
    state.mailUsed += recipients.length;
    const mail: SentMail = {
      to: to.join(','), subject: text(m.subject), body: text(m.body), from: this.env.effectiveUser(),
    };
    if (m.htmlBody !== undefined) mail.htmlBody = text(m.htmlBody);
    if (cc.length) mail.cc = cc.join(',');
    if (bcc.length) mail.bcc = bcc.join(',');
    if (m.name !== undefined) mail.name = text(m.name);
    if (m.replyTo !== undefined) mail.replyTo = text(m.replyTo);
    state.sentMail.push(mail);
  }
}

function text(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

function listOf(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return String(v).split(',').map((s) => s.trim()).filter((s) => s !== '');
}
