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
    process.stderr.write(
      `progress: ${p.generatedStates} generated, ${p.distinctStates} distinct, ${p.queue} queued, depth ${p.depth}, ` +
        `${rate} distinct/s, ${p.seconds.toFixed(1)} s\n`,
    );
  },
};
