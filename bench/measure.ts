// Timing helpers. Wall time from performance.now(); peak memory is the process's maximum resident
// set size (getrusage), which only grows, so each size runs in its own child process (bench/run.ts).

/** Milliseconds one call of `body` took. */
export function time(body: () => void): number {
  const start = performance.now();
  body();
  return performance.now() - start;
}

/** The fastest of `repeats` runs: the least disturbed by the rest of the machine. */
export function bestOf(repeats: number, body: () => void): number {
  let best = Infinity;
  for (let i = 0; i < repeats; i++) best = Math.min(best, time(body));
  return best;
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
