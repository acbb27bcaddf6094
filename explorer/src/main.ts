/**
 * The page: wires the model form, the stepper, the diagram, trace loading and the search worker to the DOM. The
 * logic lives in the modules it calls (history, link, layout, diagram, stateView); this file only reads inputs,
 * keeps the current engine and history, and redraws.
 */
import { renderDiagram } from './diagram.js';
import {
  BUG_LIST,
  CONFIG_RANGES,
  DEFAULT_CONFIG,
  OPTION_LIST,
  VARIANT_LIST,
  choiceError,
  etcdTraceFrames,
  isEtcdTrace,
  makeEngine,
  readItf,
  type EtcdFrames,
  type Engine,
  type ModelChoice,
} from './engine.js';
import {
  firstViolation,
  fromLabels,
  fromPath,
  fromTrace,
  move,
  moveTo,
  pathOf,
  traceOf,
  startHistory,
  take,
  type History,
  type Rebuilt,
} from './history.js';
import { layoutDiagram } from './layout.js';
import { decodeLink, encodeLink } from './link.js';
import { progressLine, type SearchReply, type SearchRequest } from './protocol.js';
import { messagesHtml, serversHtml } from './stateView.js';
import { escapeXml } from './diagram.js';

/** The worker's classic-script source, inlined by the build (module workers do not load from file://). */
declare const WORKER_SOURCE: string;

function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`explorer: the page has no #${id}`);
  return el;
}

function input(id: string): HTMLInputElement {
  return $(id) as HTMLInputElement;
}

const NUMERIC = Object.keys(CONFIG_RANGES) as (keyof typeof CONFIG_RANGES)[];
const SWITCHES = ['restart', 'duplicate', 'drop'] as const;

let engine: Engine = makeEngine({ config: DEFAULT_CONFIG, bugs: [] });
let history: History = startHistory(engine);
/**
 * The invariant a loaded trace (or a search) says the behaviour violates, and who says so; shown beside what the
 * page finds itself, so a disagreement is visible.
 */
let claim: { readonly invariant: string; readonly by: string } | undefined;
/**
 * The loop of a lasso loaded from ITF (`loop`): the state its last one returns to, drawn while the history on
 * show is still that behaviour (the steps it was loaded with).
 */
let lasso: { readonly start: number; readonly steps: History['steps'] } | undefined;
/** An etcd trace on show (read-only: its frames are the etcd profile's states), or none. */
let etcdView: EtcdFrames | undefined;
let note = '';
let writtenHash = '';

function status(text: string, isError = false): void {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('error', isError);
}

function buildForm(): void {
  const numbers = NUMERIC.map((key) => {
    const [lo, hi] = CONFIG_RANGES[key];
    return `<label>${key} <input type="number" id="cfg-${key}" min="${lo}" max="${hi}" step="1"></label>`;
  });
  const switches = SWITCHES.map((key) => `<label><input type="checkbox" id="cfg-${key}"> ${key}</label>`);
  const variants = VARIANT_LIST.map(
    (v) =>
      `<label title="${escapeXml(v.description)}"><input type="checkbox" class="variant" value="${v.name}"> ${v.name}</label>`,
  );
  const settings = OPTION_LIST.map(
    (o) =>
      `<label title="${escapeXml(o.description)}">${o.key} ` +
      `<input type="number" id="cfg-${o.key}" min="${o.min}" max="${o.max === 'servers' ? CONFIG_RANGES.servers[1] : o.max}" step="1"></label>`,
  );
  const bugs = BUG_LIST.map(
    (b) =>
      `<label title="${escapeXml(b.description)}"><input type="checkbox" class="bug" value="${b.name}"> ${b.name}</label>`,
  );
  $('model-fields').innerHTML =
    `<div class="numbers">${numbers.join('')}</div><div class="switches">${switches.join('')}</div>` +
    `<fieldset class="bugs"><legend>variants</legend>${variants.join('')}${settings.join('')}</fieldset>` +
    `<fieldset class="bugs"><legend>bugs</legend>${bugs.join('')}</fieldset>`;
}

function showChoice(choice: ModelChoice): void {
  for (const key of NUMERIC) input(`cfg-${key}`).value = String(choice.config[key]);
  for (const key of SWITCHES) input(`cfg-${key}`).checked = choice.config[key];
  for (const box of document.querySelectorAll<HTMLInputElement>('input.variant'))
    box.checked = (choice.config.variants ?? []).includes(box.value);
  for (const { key } of OPTION_LIST) {
    const value = choice.config[key];
    input(`cfg-${key}`).value = value === undefined ? '' : String(value);
  }
  for (const box of document.querySelectorAll<HTMLInputElement>('input.bug'))
    box.checked = choice.bugs.includes(box.value);
}

function readChoice(): ModelChoice | string {
  const config: Record<string, unknown> = {};
  for (const key of NUMERIC) {
    const [lo, hi] = CONFIG_RANGES[key];
    const n = Number(input(`cfg-${key}`).value);
    if (!Number.isInteger(n) || n < lo || n > hi) return `${key} must be an integer from ${lo} to ${hi}`;
    config[key] = n;
  }
  for (const key of SWITCHES) config[key] = input(`cfg-${key}`).checked;
  const variants = [...document.querySelectorAll<HTMLInputElement>('input.variant')]
    .filter((b) => b.checked)
    .map((b) => b.value)
    .sort();
  if (variants.length > 0) config.variants = variants;
  for (const { key } of OPTION_LIST) {
    const text = input(`cfg-${key}`).value.trim();
    if (text !== '') config[key] = Number(text);
  }
  const bugs = [...document.querySelectorAll<HTMLInputElement>('input.bug')]
    .filter((b) => b.checked)
    .map((b) => b.value);
  const choice: ModelChoice = { config: config as unknown as ModelChoice['config'], bugs };
  return choiceError(choice) ?? choice;
}

function writeLink(): void {
  const path = pathOf(history);
  const link = $('link') as HTMLAnchorElement;
  if (path === undefined) {
    link.removeAttribute('href');
    link.textContent = 'no link: part of this trace is not a behaviour of the model';
    return;
  }
  const hash = `#${encodeLink({ choice: engine.choice, path, at: history.cursor })}`;
  link.href = hash;
  link.textContent = 'link to this behaviour';
  if (location.hash !== hash) {
    writtenHash = hash;
    window.history.replaceState(null, '', hash);
  }
}

/** The page for an etcd trace: the history holds one placeholder step per frame, so navigation is the same. */
function renderEtcd(view: EtcdFrames): void {
  const cursor = history.cursor;
  const now = view.frames[cursor]!.json;
  const previous = cursor > 0 ? view.frames[cursor - 1]!.json : undefined;
  $('position').textContent = `record ${cursor} of ${view.frames.length - 1}`;
  $('step-label').textContent = view.labels[cursor] ?? 'the state the bootstrap records give';
  ($('back') as HTMLButtonElement).disabled = cursor === 0;
  ($('first') as HTMLButtonElement).disabled = cursor === 0;
  const atEnd = cursor === view.frames.length - 1;
  ($('forward') as HTMLButtonElement).disabled = atEnd;
  ($('last') as HTMLButtonElement).disabled = atEnd;
  const verdict = $('violation');
  verdict.innerHTML =
    view.rejected === undefined
      ? `<strong>etcd trace:</strong> ${escapeXml(view.verdict)}.`
      : `<strong>✗ etcd trace rejected:</strong> record <a href="#" data-goto="${view.rejected.row}">${view.rejected.row}</a>: ${escapeXml(view.verdict)}.`;
  verdict.hidden = false;
  $('here').textContent = "The etcd profile's state after this record (docs/etcd.md).";
  $('note').hidden = true;
  $('changes').innerHTML = `<p>${escapeXml(view.labels[cursor] ?? 'The initial state.')}</p>`;
  $('servers').innerHTML = serversHtml(now, previous);
  $('messages').innerHTML = messagesHtml(now, previous);
  $('actions').innerHTML = '<li>An etcd trace is read-only: choose a model to explore again.</li>';
  $('actions-count').textContent = '';
  $('diagram').innerHTML = renderDiagram(layoutDiagram(view.frames), {
    cursor,
    ...(view.rejected === undefined ? {} : { violation: { row: view.rejected.row, invariants: ['rejected'] } }),
    labels: view.labels,
  });
  $('diagram').querySelector('.row.current')?.scrollIntoView({ block: 'nearest' });
}

function render(): void {
  if (etcdView !== undefined) {
    renderEtcd(etcdView);
    return;
  }
  const steps = history.steps;
  const cursor = history.cursor;
  const step = steps[cursor]!;
  const now = engine.json(step.state);
  const previous = cursor > 0 ? engine.json(steps[cursor - 1]!.state) : undefined;
  const violation = firstViolation(engine, history);

  $('position').textContent = `state ${cursor + 1} of ${steps.length}`;
  $('step-label').textContent = `${cursor + 1}  ${step.label ?? (cursor === 0 ? 'Init' : '(unnamed step)')}`;
  ($('back') as HTMLButtonElement).disabled = cursor === 0;
  ($('first') as HTMLButtonElement).disabled = cursor === 0;
  const atEnd = cursor === steps.length - 1;
  ($('forward') as HTMLButtonElement).disabled = atEnd;
  ($('last') as HTMLButtonElement).disabled = atEnd;

  const verdict = $('violation');
  const claimed = claim === undefined ? '' : ` (${claim.by}: ${claim.invariant})`;
  const loop = lasso !== undefined && lasso.steps === steps ? lasso.start : undefined;
  if (violation === undefined && loop !== undefined) {
    const last = steps.length;
    // Under relative terms the last state is the loop's first with its terms renamed (docs/liveness.md).
    const same =
      JSON.stringify(engine.json(steps[last - 1]!.state)) === JSON.stringify(engine.json(steps[loop]!.state));
    verdict.innerHTML =
      `<strong>↻ lasso:</strong> from state <a href="#" data-goto="${loop}">${loop + 1}</a> the behaviour repeats ` +
      `forever (state <a href="#" data-goto="${last - 1}">${last}</a> is state ${loop + 1} again` +
      `${same ? '' : ' with its terms renamed'})` +
      (claim === undefined
        ? '.'
        : `; ${escapeXml(claim.by)} says it violates <strong class="invariant">${escapeXml(claim.invariant)}</strong>, ` +
          'a property of the infinite behaviour, not of one state.');
    verdict.hidden = false;
  } else if (violation !== undefined) {
    const label = steps[violation.index]!.label ?? 'Init';
    verdict.innerHTML =
      `<strong>✗ violation:</strong> state <a href="#" data-goto="${violation.index}">${violation.index + 1}</a> ` +
      `(${escapeXml(label)}) violates <strong class="invariant">${escapeXml(violation.invariants.join(', '))}</strong>.` +
      escapeXml(claimed);
    verdict.hidden = false;
  } else if (claim !== undefined) {
    verdict.textContent = `${claim.by[0]!.toUpperCase()}${claim.by.slice(1)} says it violates ${claim.invariant}, but no state of it does in this model.`;
    verdict.hidden = false;
  } else {
    verdict.hidden = true;
  }
  const here = engine.violated(step.state);
  const bounds = engine.withinBounds(step.state)
    ? ''
    : ' This state is beyond the bounds: the checker checks it but does not explore it.';
  $('here').textContent =
    (here.length === 0 ? 'Every invariant holds in this state.' : `This state violates ${here.join(', ')}.`) + bounds;
  $('note').textContent = note;
  $('note').hidden = note === '';

  const changes = cursor === 0 ? [] : engine.changes(steps[cursor - 1]!.state, step.state);
  $('changes').innerHTML =
    cursor === 0
      ? '<p>The initial state.</p>'
      : changes.length === 0
        ? '<p>Nothing changed (a stutter).</p>'
        : `<ul>${changes.map((c) => `<li>${escapeXml(c)}</li>`).join('')}</ul>`;
  $('servers').innerHTML = serversHtml(now, previous);
  $('messages').innerHTML = messagesHtml(now, previous);

  const successors = engine.successors(step.state);
  const next = steps[cursor + 1];
  $('actions').innerHTML = successors
    .map((s, k) => {
      const out = engine.withinBounds(s.state) ? '' : ' <em>(beyond bounds)</em>';
      const bad = engine.violated(s.state);
      const warn = bad.length > 0 ? ` <strong>✗ ${escapeXml(bad.join(', '))}</strong>` : '';
      const taken = next?.position === k ? ' <em>(taken next in this history)</em>' : '';
      const key = k < 9 ? `<kbd>${k + 1}</kbd> ` : '';
      return `<li><button type="button" data-position="${k}">${key}${escapeXml(s.label)}</button>${out}${warn}${taken}</li>`;
    })
    .join('');
  $('actions-count').textContent = `${successors.length} enabled`;

  const frames = steps.map((s) => ({ json: engine.json(s.state), name: s.name }));
  $('diagram').innerHTML = renderDiagram(layoutDiagram(frames), {
    cursor,
    ...(violation === undefined ? {} : { violation: { row: violation.index, invariants: violation.invariants } }),
    labels: steps.map((s) => s.label),
    ...(loop === undefined ? {} : { loop }),
  });
  $('diagram').querySelector('.row.current')?.scrollIntoView({ block: 'nearest' });
  writeLink();
}

function adopt(choice: ModelChoice, rebuild: (e: Engine) => Rebuilt, claimed?: typeof claim, loop?: number): void {
  etcdView = undefined;
  engine = makeEngine(choice);
  showChoice(choice);
  const { history: h, problem } = rebuild(engine);
  history = h;
  claim = claimed;
  lasso = loop !== undefined && loop < h.steps.length ? { start: loop, steps: h.steps } : undefined;
  note = problem ?? '';
  render();
}

const initial = (e: Engine): Rebuilt => ({ history: startHistory(e), problem: undefined });

function go(next: History): void {
  if (next === history) return;
  history = next;
  render();
}

function openHash(): void {
  if (location.hash === writtenHash && writtenHash !== '') return;
  const link = decodeLink(location.hash);
  if (!link.ok) {
    status(link.error, true);
    adopt(engine.choice, initial);
    return;
  }
  adopt(link.value.choice, (e) => {
    const rebuilt = fromPath(e, link.value.path);
    return link.value.at === undefined ? rebuilt : { ...rebuilt, history: moveTo(rebuilt.history, link.value.at) };
  });
  status('opened the behaviour the link names');
}

/** Shows an etcd trace: one placeholder history step per frame, so the stepper and the diagram navigate it. */
function loadEtcd(name: string, text: string): void {
  const read = etcdTraceFrames(text);
  if (!read.ok) {
    status(`${name}: ${read.error}`, true);
    return;
  }
  const placeholder = history.steps[0]!.state;
  etcdView = read.value;
  history = {
    steps: read.value.frames.map((f, k) => ({
      state: placeholder,
      action: k === 0 ? null : undefined,
      label: read.value.labels[k] ?? null,
      name: f.name,
      position: undefined,
    })),
    cursor: read.value.rejected?.row ?? 0,
  };
  render();
  status(
    `loaded ${name}: an etcd trace of ${read.value.frames.length - 1} records, ${read.value.verdict}`,
    read.value.rejected !== undefined,
  );
}

async function loadFile(file: File): Promise<void> {
  const text = await file.text();
  if (isEtcdTrace(text)) {
    loadEtcd(file.name, text);
    return;
  }
  const read = readItf(text);
  if (!read.ok) {
    status(`${file.name}: ${read.error}`, true);
    return;
  }
  const trace = read.value;
  adopt(
    trace.choice,
    (e) => fromTrace(e, trace),
    trace.invariant === undefined ? undefined : { invariant: trace.invariant, by: `the trace's #meta` },
    trace.loop,
  );
  status(
    `loaded ${file.name}: ${trace.steps.length} states` +
      (trace.loop === undefined ? '' : `, a lasso looping from state ${trace.loop + 1}`),
  );
}

/** Downloads the whole history as ITF, named after the model's shape and its first violation. */
function saveTrace(): void {
  if (etcdView !== undefined) {
    status('an etcd trace is not saved as ITF: it is a file of etcd records already', true);
    return;
  }
  const trace = traceOf(history);
  if (trace === undefined) {
    status('cannot save: part of this trace is not a behaviour of the model', true);
    return;
  }
  const violation = firstViolation(engine, history);
  const cut = violation === undefined ? trace : trace.slice(0, violation.index + 1);
  const text = engine.itf(cut, violation?.invariants[0]);
  const a = document.createElement('a');
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  a.href = url;
  a.download = `raft-${engine.choice.config.servers}s-${cut.length}states${violation === undefined ? '' : '-violation'}.itf.json`;
  a.click();
  // The download reads the URL after this handler returns.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
  status(`saved ${cut.length} states as ${a.download}`);
}

// The search worker.

let worker: Worker | undefined;

function stopSearch(message: string): void {
  worker?.terminate();
  worker = undefined;
  ($('run') as HTMLButtonElement).disabled = false;
  ($('stop') as HTMLButtonElement).disabled = true;
  $('search-result').textContent = message;
  if ($('progress').textContent === 'starting…') $('progress').textContent = '';
}

function startSearch(): void {
  const choice = readChoice();
  if (typeof choice === 'string') {
    status(choice, true);
    return;
  }
  const mode = ($('mode') as HTMLSelectElement).value;
  const request: SearchRequest =
    mode === 'simulate'
      ? {
          kind: 'simulate',
          choice,
          seed: Number(input('seed').value) || 0,
          seconds: Math.max(1, Number(input('seconds').value) || 10),
          maxDepth: Math.max(1, Number(input('max-depth').value) || 300),
        }
      : { kind: 'check', choice, maxStates: Number(input('max-states').value) || undefined };
  worker?.terminate();
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  worker = new Worker(url);
  URL.revokeObjectURL(url);
  ($('run') as HTMLButtonElement).disabled = true;
  ($('stop') as HTMLButtonElement).disabled = false;
  $('progress').textContent = 'starting…';
  $('search-result').textContent = '';
  worker.onmessage = (event: MessageEvent<SearchReply>): void => {
    const reply = event.data;
    if (reply.kind === 'progress') {
      $('progress').textContent = progressLine(reply.progress);
      return;
    }
    if (reply.kind === 'error') {
      stopSearch(`the search failed: ${reply.message}`);
      return;
    }
    const outcome = reply.outcome;
    if (outcome.kind === 'violation') {
      stopSearch(`✗ ${outcome.invariant} violated: ${outcome.summary}`);
      adopt(choice, (e) => fromLabels(e, outcome.labels), {
        invariant: outcome.invariant,
        by: `the ${mode === 'simulate' ? 'simulation' : 'check'}`,
      });
      status(
        `the ${mode === 'simulate' ? 'simulation' : 'check'} found a violation of ${outcome.invariant}; its counterexample is open`,
      );
    } else {
      stopSearch(`${outcome.kind === 'ok' ? '✔ every invariant holds' : 'incomplete'}: ${outcome.summary}`);
    }
  };
  worker.onerror = (event): void => {
    stopSearch(`the search worker failed: ${event.message}`);
  };
  worker.postMessage(request);
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement
  );
}

function wire(): void {
  $('model').addEventListener('change', () => {
    const choice = readChoice();
    if (typeof choice === 'string') {
      status(choice, true);
      return;
    }
    adopt(choice, initial);
    status('new model: back at its initial state');
  });
  $('first').addEventListener('click', () => {
    go(moveTo(history, 0));
  });
  $('back').addEventListener('click', () => {
    go(move(history, -1));
  });
  $('forward').addEventListener('click', () => {
    go(move(history, 1));
  });
  $('last').addEventListener('click', () => {
    go(moveTo(history, history.steps.length - 1));
  });
  $('actions').addEventListener('click', (event) => {
    const button = (event.target as Element).closest('button[data-position]');
    if (button === null || etcdView !== undefined) return;
    go(take(engine, history, Number(button.getAttribute('data-position'))));
    document.querySelector<HTMLButtonElement>('#actions button')?.focus();
  });
  $('diagram').addEventListener('click', (event) => {
    const row = (event.target as Element).closest('[data-row]');
    if (row !== null) go(moveTo(history, Number(row.getAttribute('data-row'))));
  });
  $('violation').addEventListener('click', (event) => {
    const link = (event.target as Element).closest('[data-goto]');
    if (link === null) return;
    event.preventDefault();
    go(moveTo(history, Number(link.getAttribute('data-goto'))));
  });
  input('file').addEventListener('change', () => {
    const file = input('file').files?.[0];
    if (file !== undefined) void loadFile(file);
  });
  document.addEventListener('dragover', (event) => {
    event.preventDefault();
    document.body.classList.add('dragging');
  });
  document.addEventListener('dragleave', () => {
    document.body.classList.remove('dragging');
  });
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    document.body.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (file !== undefined) void loadFile(file);
  });
  $('save').addEventListener('click', saveTrace);
  $('run').addEventListener('click', startSearch);
  $('stop').addEventListener('click', () => {
    stopSearch('stopped');
    $('progress').textContent += ' (stopped)';
  });
  $('mode').addEventListener('change', () => {
    const simulate = ($('mode') as HTMLSelectElement).value === 'simulate';
    $('check-options').hidden = simulate;
    $('simulate-options').hidden = !simulate;
    $('simulate-hint').hidden = !simulate;
  });
  document.addEventListener('keydown', (event) => {
    if (isTyping(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    const keys: Record<string, () => History> = {
      ArrowLeft: () => move(history, -1),
      k: () => move(history, -1),
      ArrowRight: () => move(history, 1),
      j: () => move(history, 1),
      Home: () => moveTo(history, 0),
      End: () => moveTo(history, history.steps.length - 1),
    };
    const action = keys[event.key];
    if (action !== undefined) {
      event.preventDefault();
      go(action());
      return;
    }
    if (/^[1-9]$/.test(event.key) && etcdView === undefined) {
      const position = Number(event.key) - 1;
      if (position < engine.successors(history.steps[history.cursor]!.state).length) {
        event.preventDefault();
        go(take(engine, history, position));
      }
    }
  });
  window.addEventListener('hashchange', openHash);
}

buildForm();
wire();
if (location.hash.length > 1) openHash();
else adopt(engine.choice, initial);
