// Every mutating action runs under the document lock, so two people (or two tabs of one person)
// can never interleave writes. A second action is told to try again instead of waiting past
// Apps Script's limits.
const LOCK_WAIT_MS = 5000;

export type Locked<T> = { acquired: true; value: T } | { acquired: false };

export function withDocumentLock<T>(body: () => T): Locked<T> {
  const lock = LockService.getDocumentLock();
  if (!lock || !lock.tryLock(LOCK_WAIT_MS)) return { acquired: false };
  try {
    return { acquired: true, value: body() };
  } finally {
    lock.releaseLock();
  }
}
