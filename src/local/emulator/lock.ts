// LockService. The emulator is single-threaded, so "another process" is another bundle context
// (or a test's holdDocumentLock) that has not released the lock. Waiting never blocks: a failed
// tryLock/waitLock advances the fake clock by its timeout, as the real wait would have taken.
import type { Env } from './env';
import type { LockState } from './state';

export const LOCK_TIMEOUT_MESSAGE = 'Lock timeout: another process was holding the lock for too long.';

export class Lock {
  private acquired = false;

  constructor(private readonly env: Env, private readonly lock: LockState) {}

  tryLock(timeoutInMillis: number): boolean {
    this.env.call('Lock.tryLock');
    return this.acquire(timeoutInMillis);
  }

  waitLock(timeoutInMillis: number): void {
    this.env.call('Lock.waitLock');
    if (!this.acquire(timeoutInMillis)) this.env.fail(LOCK_TIMEOUT_MESSAGE);
  }

  hasLock(): boolean {
    this.env.call('Lock.hasLock');
    return this.acquired && this.lock.holder === this.env.id;
  }

  /** Has no effect if this lock was not acquired. */
  releaseLock(): void {
    this.env.call('Lock.releaseLock');
    if (this.acquired && this.lock.holder === this.env.id) this.lock.holder = null;
    this.acquired = false;
  }

  private acquire(timeoutInMillis: number): boolean {
    if (this.lock.holder === null || this.lock.holder === this.env.id) {
      this.lock.holder = this.env.id;
      this.acquired = true;
      return true;
    }
    this.env.state.clockOffset_ms += Math.max(0, Number(timeoutInMillis) || 0);
    return false;
  }
}

export class LockServiceImpl {
  constructor(private readonly env: Env) {}

  getDocumentLock(): Lock {
    this.env.call('LockService.getDocumentLock');
    return new Lock(this.env, this.env.state.documentLock);
  }

  getScriptLock(): Lock {
    this.env.call('LockService.getScriptLock');
    return new Lock(this.env, this.env.state.scriptLock);
  }

  getUserLock(): Lock {
    this.env.call('LockService.getUserLock');
    return new Lock(this.env, this.env.state.userLock(this.env.user()));
  }
}
