/**
 * The search worker: runs the checker or the simulator on one model and posts progress, then the outcome. The
 * page stops a search by terminating the worker, so the search needs no cancellation points of its own.
 */
import { runCheck, runSimulation, type SearchProgress } from './engine.js';
import type { SearchReply, SearchRequest } from './protocol.js';

const post = (reply: SearchReply): void => {
  postMessage(reply);
};

onmessage = (event: MessageEvent<SearchRequest>): void => {
  const request = event.data;
  const onProgress = (progress: SearchProgress): void => {
    post({ kind: 'progress', progress });
  };
  try {
    const outcome =
      request.kind === 'check'
        ? runCheck(request.choice, request.maxStates, onProgress)
        : runSimulation(
            request.choice,
            { seed: request.seed, seconds: request.seconds, maxDepth: request.maxDepth },
            onProgress,
          );
    post({ kind: 'done', outcome });
  } catch (e) {
    post({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
