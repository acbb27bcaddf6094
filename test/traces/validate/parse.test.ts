import { describe, expect, it } from 'vitest';
import { modelNaming, type Naming } from '../../../traces/validate/naming.js';
import { parseEvents } from '../../../traces/validate/parseEvents.js';
import { readTrace, type TraceError } from '../../../traces/validate/readTrace.js';

/** The first problem with `text`, read with the model's names for three servers and two values. */
function problem(text: string, naming: Naming = modelNaming(3, 2)): TraceError | undefined {
  const raw = readTrace(text);
  if (!raw.ok) return raw.error;
  const events = parseEvents(raw.value.events, naming);
  return events.ok ? undefined : events.error;
}

const ok = '{"type":"timeout","server":"s1","term":2}';

describe('malformed events files', () => {
  it.each([
    ['a line that is not JSON', `${ok}\n{"type":`, 2, 'not JSON'],
    ['a line that is not an object', `${ok}\n[1,2]`, 2, 'an event must be a JSON object'],
    ['an unknown event type', `${ok}\n\n{"type":"elect","server":"s1"}`, 3, 'unknown event type "elect"'],
    ['a missing type', '{"server":"s1"}', 1, "missing field 'type'"],
    ['a missing server', '{"type":"timeout"}', 1, "missing field 'server'"],
    [
      'a server outside the configuration',
      '{"type":"timeout","server":"s4"}',
      1,
      "server 's4' in field 'server' is not in the configuration (s1, s2, s3)",
    ],
    [
      'a peer outside the configuration',
      '{"type":"sendRequestVote","server":"s1","to":"s9"}',
      1,
      "server 's9' in field 'to'",
    ],
    ['a missing peer', '{"type":"receiveVote","server":"s1"}', 1, "missing field 'from'"],
    [
      'a term of the wrong type',
      '{"type":"timeout","server":"s1","term":"2"}',
      1,
      'field \'term\' must be an integer from 0 to 2147483647, got "2"',
    ],
    [
      'a flag of the wrong type',
      '{"type":"receiveVote","server":"s1","from":"s2","granted":1}',
      1,
      "field 'granted' must be true or false, got 1",
    ],
    [
      'an unknown role',
      '{"type":"observe","server":"s1","role":"King"}',
      1,
      "field 'role' must be Follower, Candidate or Leader",
    ],
    [
      'an unknown value',
      '{"type":"clientRequest","server":"s1","value":"v7"}',
      1,
      "field 'value' must be a value name (v1, v2)",
    ],
    [
      'two entries',
      '{"type":"sendAppendEntries","server":"s1","to":"s2","entries":[{},{}]}',
      1,
      "field 'entries' must be a list of at most one entry",
    ],
    ['a misspelt field', '{"type":"timeout","server":"s1","trm":2}', 1, "unknown field 'trm' for a timeout event"],
    ['a header after the first event', `${ok}\n{"type":"header"}`, 2, 'the header must be the first line'],
    ['a header with an unknown field', '{"type":"header","nodes":["A"]}', 1, "unknown header field 'nodes'"],
  ])('report %s with its line', (_, text, line, message) => {
    const error = problem(text);
    expect(error?.line).toBe(line);
    expect(error?.message).toContain(message);
  });

  it('accept comments, underscore fields, lower-case roles and a null vote', () => {
    const text = '{"type":"observe","server":"s2","role":"follower","votedFor":null,"comment":"c","_ts":1}';
    expect(problem(text)).toBeUndefined();
  });

  it("use the header's names for servers and values", () => {
    const naming: Naming = { servers: ['A', 'B', 'C'], values: ['x'] };
    expect(problem('{"type":"clientRequest","server":"B","value":"x"}', naming)).toBeUndefined();
    expect(problem('{"type":"clientRequest","server":"s2"}', naming)?.message).toContain("server 's2'");
  });
});
