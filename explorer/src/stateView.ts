/**
 * The current state as HTML text: one card per server (role, term, vote, log with the commit index marked,
 * votes, and nextIndex/matchIndex for a leader) and the bag of messages. What changed in the last step is marked
 * with the `changed` class and a "•" (so it reads without colour); messages the step sent are marked "+ new"
 * and those it consumed are listed struck out as "− gone".
 */
import { TALLY_ROLES, VARIANT_SERVER_ROWS } from '../../spec/raft/variantViews.js';
import { escapeXml } from './diagram.js';
import type { ClusterJson } from './engine.js';
import { messageTitle } from './layout.js';

type Server = string;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function field(label: string, value: string, changed: boolean): string {
  const mark = changed ? '<span class="changed-mark" aria-label="changed">•</span>' : '';
  return `<div class="field${changed ? ' changed' : ''}"><span class="name">${label}</span> <span class="value">${value}</span>${mark}</div>`;
}

function logHtml(entries: ClusterJson['log'][Server] | undefined, commitIndex: number): string {
  if (entries === undefined || entries.length === 0) return '<span class="log empty">[ ]</span>';
  const cells = entries.map((e, k) => {
    const committed = k + 1 <= commitIndex;
    const title = `index ${k + 1}, term ${e.term}, value ${e.value}${committed ? ', committed' : ''}`;
    return `<span class="entry${committed ? ' committed' : ''}" title="${escapeXml(title)}">${k + 1}: ${e.term}:${escapeXml(e.value)}${committed ? ' ✔' : ''}</span>`;
  });
  return `<span class="log">${cells.join('')}</span>`;
}

function perPeer(map: Record<string, number> | undefined): string {
  if (map === undefined) return '';
  return Object.entries(map)
    .map(([peer, n]) => `${peer}:${n}`)
    .join(' ');
}

/** The server cards of `now`, marking what differs from `before` (no marks when `before` is undefined). */
export function serversHtml(now: ClusterJson, before: ClusterJson | undefined): string {
  const servers = Object.keys(now.currentTerm);
  return servers
    .map((s) => {
      const changed = (key: keyof ClusterJson): boolean =>
        before !== undefined && !same(before[key]?.[s as never], now[key]?.[s as never]);
      const role = now.state[s] ?? '';
      const commit = now.commitIndex[s] ?? 0;
      const fields = [
        field('role', escapeXml(role), changed('state')),
        field('currentTerm', String(now.currentTerm[s] ?? ''), changed('currentTerm')),
        field('votedFor', escapeXml(now.votedFor[s] ?? 'Nil'), changed('votedFor')),
        field('log', logHtml(now.log[s], commit), changed('log')),
        field('commitIndex', String(commit), changed('commitIndex')),
      ];
      if (TALLY_ROLES.has(role) || (now.votesResponded[s]?.length ?? 0) > 0) {
        fields.push(field('votesResponded', `{${(now.votesResponded[s] ?? []).join(',')}}`, changed('votesResponded')));
        fields.push(field('votesGranted', `{${(now.votesGranted[s] ?? []).join(',')}}`, changed('votesGranted')));
      }
      if (role === 'Leader') {
        fields.push(field('nextIndex', perPeer(now.nextIndex[s]), changed('nextIndex')));
        fields.push(field('matchIndex', perPeer(now.matchIndex[s]), changed('matchIndex')));
      }
      // The variants' variables, present in the JSON exactly when their variant is on (docs/variants.md), shown
      // as their modules' `view` says.
      const variables = now as unknown as Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;
      for (const row of VARIANT_SERVER_ROWS) {
        const value = variables[row.field]?.[s];
        const text = value === undefined ? undefined : row.show(value, role);
        if (text !== undefined) fields.push(field(row.field, text, changed(row.field as keyof ClusterJson)));
      }
      const roleClass = role.toLowerCase();
      const badge = role === 'Leader' ? '★ ' : role === 'Candidate' ? '? ' : '';
      return `<section class="server ${roleClass}" aria-label="server ${s}"><h3>${badge}${escapeXml(s)} <small>${escapeXml(role)}</small></h3>${fields.join('')}</section>`;
    })
    .join('');
}

function key(m: ClusterJson['messages'][number]): string {
  return JSON.stringify({ ...m, count: undefined });
}

/** The bag of `now`, new copies marked, and the messages the step consumed listed after it. */
export function messagesHtml(now: ClusterJson, before: ClusterJson | undefined): string {
  const was = new Map((before?.messages ?? []).map((m) => [key(m), m.count]));
  const items = now.messages.map((m) => {
    const added = before !== undefined && m.count > (was.get(key(m)) ?? 0);
    const copies = m.count > 1 ? ` ×${m.count}` : '';
    return `<li class="${added ? 'changed' : ''}">${added ? '<strong>+ new</strong> ' : ''}${escapeXml(messageTitle(m))}${copies}</li>`;
  });
  const nowKeys = new Map(now.messages.map((m) => [key(m), m.count]));
  const gone = (before?.messages ?? [])
    .filter((m) => (nowKeys.get(key(m)) ?? 0) < m.count)
    .map((m) => `<li class="gone"><strong>− gone</strong> <s>${escapeXml(messageTitle(m))}</s></li>`);
  if (items.length === 0 && gone.length === 0) return '<p class="empty">no messages in flight</p>';
  return `<ul class="messages">${items.join('')}${gone.join('')}</ul>`;
}
