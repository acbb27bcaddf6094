import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  BUG_LIST,
  CONFIG_RANGES,
  DEFAULT_CONFIG,
  OPTION_LIST,
  VARIANT_LIST,
  type RaftConfig,
} from '../../explorer/src/engine.js';
import { decodeLink, encodeLink, type Link } from '../../explorer/src/link.js';

const range = (key: keyof typeof CONFIG_RANGES): fc.Arbitrary<number> =>
  fc.integer({ min: CONFIG_RANGES[key][0], max: CONFIG_RANGES[key][1] });

const bounds: fc.Arbitrary<RaftConfig> = fc.record({
  servers: range('servers'),
  values: range('values'),
  maxTerm: range('maxTerm'),
  maxLogLen: range('maxLogLen'),
  maxCopies: range('maxCopies'),
  maxInFlight: range('maxInFlight'),
  restart: fc.boolean(),
  duplicate: fc.boolean(),
  drop: fc.boolean(),
});

// Variants sorted (a link writes them so), each variant's settings (OPTION_LIST) only with it on, partitions only
// on two servers or more, bugs only with their variants.
const configs: fc.Arbitrary<RaftConfig> = fc
  .tuple(
    bounds,
    fc.subarray(VARIANT_LIST.map((v) => v.name).sort()),
    fc.array(fc.option(fc.nat(), { nil: undefined }), { minLength: OPTION_LIST.length, maxLength: OPTION_LIST.length }),
  )
  .map(([config, all, picks]) => {
    const variants = all.filter((v) => v !== 'partitions' || config.servers > 1);
    const settings: Record<string, number> = {};
    OPTION_LIST.forEach((o, k) => {
      const pick = picks[k];
      if (pick === undefined || !variants.includes(o.variant)) return;
      const max = o.max === 'servers' ? config.servers : o.max;
      settings[o.key] = o.min + (pick % (max - o.min + 1));
    });
    return { ...config, ...(variants.length === 0 ? {} : { variants }), ...settings };
  });

const links: fc.Arbitrary<Link> = fc
  .record({
    config: configs,
    bugs: fc.uniqueArray(fc.constantFrom(...BUG_LIST.map((b) => b.name))),
    path: fc.array(fc.nat({ max: 500 }), { minLength: 1, maxLength: 60 }),
  })
  .map(({ config, bugs, path }) => ({
    config,
    bugs: bugs.filter((name) =>
      BUG_LIST.find((b) => b.name === name)!.variants.every((v) => (config.variants ?? []).includes(v)),
    ),
    path,
  }))
  .chain(({ config, bugs, path }) =>
    fc.option(fc.nat({ max: path.length - 1 }), { nil: undefined }).map((at): Link => ({
      choice: { config, bugs },
      path,
      ...(at === undefined || at === path.length - 1 ? {} : { at }),
    })),
  );

describe('links', () => {
  test.prop([links])('a link reads back as the model, path and position it was written from', (link) => {
    const read = decodeLink(`#${encodeLink(link)}`);
    expect(read).toEqual({ ok: true, value: link });
  });

  it('writes every field, defaults included, so a changed default does not change what a link means', () => {
    const text = encodeLink({ choice: { config: DEFAULT_CONFIG, bugs: [] }, path: [0, 3, 1] });
    expect(text).toBe(
      'servers=3&values=1&maxTerm=2&maxLogLen=1&maxCopies=1&maxInFlight=1&restart=1&duplicate=0&drop=1&path=0.3.1',
    );
  });

  it('reads an empty fragment as the default model at its initial state', () => {
    expect(decodeLink('')).toEqual({ ok: true, value: { choice: { config: DEFAULT_CONFIG, bugs: [] }, path: [0] } });
  });

  it.each([
    ['servers=9', 'link: servers must be an integer from 1 to 7'],
    ['servers=two', "link: servers must be an integer from 1 to 7, got 'two'"],
    ['drop=yes', "link: drop must be 0 or 1, got 'yes'"],
    ['bug=no-such-bug', "link: unknown bug 'no-such-bug'"],
    ['path=0..2', "link: path must be numbers joined by dots, got '0..2'"],
    ['path=0.1&at=2', "link: at must be a state index below 2, got '2'"],
    ['colour=red', "link: unknown field 'colour'"],
    ['variant=fast-path', "link: unknown variant 'fast-path'"],
    ['initialMembers=2', 'link: initialMembers needs the membership variant'],
    ['variant=membership&initialMembers=5', 'link: initialMembers must be an integer from 1 to servers (3), got 5'],
    ['bug=prevote-keeps-votes', 'link: bug prevote-keeps-votes needs the variant prevote'],
  ])('names the problem in %s', (fragment, message) => {
    const read = decodeLink(fragment);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toContain(message);
  });
});
