// Logger and console: recorded in the emulator's logs, printed only when echoLogs is on.
import { format } from 'util';
import type { Env } from './env';

export class LoggerImpl {
  private buffer: string[] = [];

  constructor(private readonly env: Env) {}

  /** log(data) or log(format, ...values) with %s placeholders. */
  log(data: unknown, ...values: unknown[]): LoggerImpl {
    this.env.count('Logger.log');
    const message = values.length > 0 ? format(String(data), ...values) : String(data);
    this.buffer.push(message);
    this.env.state.log('Logger', message);
    return this;
  }

  getLog(): string {
    this.env.count('Logger.getLog');
    return this.buffer.join('\n');
  }

  clear(): void {
    this.env.count('Logger.clear');
    this.buffer = [];
  }
}

export function makeConsole(env: Env): Record<'log' | 'info' | 'warn' | 'error', (...args: unknown[]) => void> {
  const at = (level: 'log' | 'info' | 'warn' | 'error') => (...args: unknown[]): void => {
    env.state.log(level, format(...args));
  };
  return { log: at('log'), info: at('info'), warn: at('warn'), error: at('error') };
}
