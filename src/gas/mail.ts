// Notification mail. A notification that cannot be sent (quota, a bad address in Settings) must not
// undo the action it reports on: the failure is returned as text for the summary instead.
export function notify(recipients: readonly string[], subject: string, body: string): string {
  const to = recipients.map((r) => r.trim()).filter((r) => r !== '');
  if (to.length === 0) return '; nobody to notify (Settings lists no one)';
  try {
    MailApp.sendEmail(to.join(','), subject, body);
    return `; notified ${to.join(', ')}`;
  } catch (error) {
    return `; the notification email could not be sent (${error instanceof Error ? error.message : String(error)})`;
  }
}
