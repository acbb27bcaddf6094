import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VARIANT_MODULES } from '../../spec/raft/variants/registry.js';
import type { VariantModule } from '../../spec/raft/variants/variant.js';

const doc = readFileSync(new URL('../../docs/variants.md', import.meta.url), 'utf8');
const MODULES = VARIANT_MODULES as readonly VariantModule[];

describe('docs/variants.md covers every registered variant', () => {
  it('its table has one row per variant, in registry order', () => {
    const table = doc.slice(doc.indexOf('| variant '), doc.indexOf('\n\n', doc.indexOf('| variant ')));
    const rows = [...table.matchAll(/^\| `([a-z-]+)` +\|/gm)].map((m) => m[1]);
    expect(rows).toEqual(MODULES.map((m) => m.variant.name));
  });

  it('each variant has its section, and its options, witnesses and bugs are named in the page', () => {
    for (const m of MODULES) {
      expect(doc, m.variant.name).toContain(`\n## ${m.variant.name}\n`);
      for (const o of m.options) expect(doc, o.flag).toContain(`--${o.flag} K`);
      for (const w of m.witnesses) expect(doc, w.name).toContain(w.name);
      for (const b of m.bugs) expect(doc, b.name).toContain(`\`${b.name}\``);
    }
  });
});
