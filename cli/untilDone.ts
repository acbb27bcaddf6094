/**
 * Waits for a run to end while Ctrl-C (SIGINT) and SIGTERM stop it: a stopped run still ends, with its partial
 * report, so the signal is an input like any other and the caller prints what was done. The handlers are taken
 * away when the run ends, so a second run in the same process starts clean.
 */
export async function untilDone<T>(
  run: { readonly done: Promise<T>; stop(reason: string): void },
  quiet: boolean,
): Promise<T> {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!quiet) process.stderr.write(`raft-check: ${signal}, stopping (the report follows)\n`);
    run.stop(`interrupted by ${signal}`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await run.done;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
