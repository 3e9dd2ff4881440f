// Counts what a run asks of the services, so tests and benchmarks can assert "one read per tab".
import type { ServiceStats } from './types';

export class StatsRecorder implements ServiceStats {
  calls: Record<string, number> = {};
  totalCalls = 0;
  cellsRead = 0;
  cellsWritten = 0;
  mutatingCalls = 0;

  count(name: string): void {
    this.calls[name] = (this.calls[name] ?? 0) + 1;
    this.totalCalls++;
  }

  reset(): void {
    this.calls = {};
    this.totalCalls = 0;
    this.cellsRead = 0;
    this.cellsWritten = 0;
    this.mutatingCalls = 0;
  }
}
