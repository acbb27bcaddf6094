/** Where a long run reports progress; the checker itself prints nothing. */
export interface Progress {
  generatedStates: number;
  distinctStates: number;
  queue: number;
  depth: number;
  seconds: number;
}

export interface Reporter {
  progress(p: Progress): void;
}

/** A reporter that writes one line to stderr per call. */
export const stderrReporter: Reporter = {
  progress(p) {
    const rate = p.seconds > 0 ? Math.round(p.distinctStates / p.seconds) : 0;
    const n = (x: number): string => x.toLocaleString('en-US');
    process.stderr.write(
      `progress: ${n(p.generatedStates)} generated, ${n(p.distinctStates)} distinct, ${n(p.queue)} queued, ` +
        `depth ${p.depth}, ${n(rate)} distinct/s, ${p.seconds.toFixed(1)} s\n`,
    );
  },
};
