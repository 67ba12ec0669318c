import { describe, expect, it } from 'vitest';
import { buildAlert, excerptOf } from './alert-message.js';
import { judgeSpike, nextDigestAt, spikeWindows } from './alert-schedule.js';
import { compileMatcher } from './matcher/index.js';

const at = (iso: string) => new Date(iso);

describe('digest times in the organisation’s time zone', () => {
  it('hourly: the next top of the local hour, also in a half-hour zone', () => {
    expect(nextDigestAt('digest_hourly', at('2026-01-10T10:15:30Z'), 'Europe/Brussels', 8)?.toISOString()).toBe('2026-01-10T11:00:00.000Z');
    expect(nextDigestAt('digest_hourly', at('2026-01-10T11:00:00Z'), 'Europe/Brussels', 8)?.toISOString()).toBe('2026-01-10T12:00:00.000Z');
    // Kolkata is UTC+05:30: 15:45 local → 16:00 local = 10:30Z.
    expect(nextDigestAt('digest_hourly', at('2026-01-10T10:15:00Z'), 'Asia/Kolkata', 8)?.toISOString()).toBe('2026-01-10T10:30:00.000Z');
  });

  it('daily: 08:00 local, across the spring and autumn clock changes', () => {
    const brussels = (after: string, hour = 8) => nextDigestAt('digest_daily', at(after), 'Europe/Brussels', hour)?.toISOString();
    expect(brussels('2026-03-28T06:59:00Z')).toBe('2026-03-28T07:00:00.000Z'); // 08:00 CET
    expect(brussels('2026-03-28T07:00:00Z')).toBe('2026-03-29T06:00:00.000Z'); // 08:00 CEST, the day the clocks go forward
    expect(brussels('2026-10-24T06:00:00Z')).toBe('2026-10-25T07:00:00.000Z'); // 08:00 CET again, the day they go back
    // 02:00 does not exist on 29 March in Brussels: that day's digest comes at 03:00 CEST.
    expect(brussels('2026-03-28T02:00:00Z', 2)).toBe('2026-03-29T01:00:00.000Z');
  });

  it('has no schedule for every-match and spike rules', () => {
    expect(nextDigestAt('every', new Date(), 'Europe/Brussels', 8)).toBeNull();
    expect(nextDigestAt('spike', new Date(), 'Europe/Brussels', 8)).toBeNull();
  });
});

describe('spike judgement', () => {
  const base = { baselineMinutes: 7 * 24 * 60, windowMinutes: 60, factor: 3, minimumCount: 5 };

  it('needs the minimum and the factor', () => {
    expect(judgeSpike({ ...base, count: 4, baselineCount: 0 })).toMatchObject({ fires: false, baseline: 0, ratio: null });
    expect(judgeSpike({ ...base, count: 5, baselineCount: 0 })).toMatchObject({ fires: true, baseline: 0 });
    // 336 in a week = 2 per hour: 5 is under 3 × 2, 6 is not.
    expect(judgeSpike({ ...base, count: 5, baselineCount: 336 })).toMatchObject({ fires: false, baseline: 2, ratio: 2.5 });
    expect(judgeSpike({ ...base, count: 6, baselineCount: 336 })).toMatchObject({ fires: true, baseline: 2, ratio: 3 });
  });

  it('uses only the history the watchlist has, and none when it is younger than one window', () => {
    const now = at('2026-05-04T12:00:00Z');
    const young = spikeWindows(now, 60, at('2026-05-03T11:00:00Z'));
    expect(young.baselineFrom.toISOString()).toBe('2026-05-03T11:00:00.000Z');
    expect(young.baselineTo.toISOString()).toBe('2026-05-04T11:00:00.000Z');
    const newborn = spikeWindows(now, 60, at('2026-05-04T11:30:00Z'));
    expect(newborn.baselineFrom.getTime()).toBe(newborn.baselineTo.getTime());
    expect(judgeSpike({ ...base, baselineMinutes: 0, count: 5, baselineCount: 0 })).toMatchObject({ fires: true, baseline: 0 });
    const old = spikeWindows(now, 60, at('2025-01-01T00:00:00Z'));
    expect((old.baselineTo.getTime() - old.baselineFrom.getTime()) / 3_600_000).toBe(168);
  });
});

describe('alert words', () => {
  const fired = (query: string, text: string) => compileMatcher([{ id: 'q', query }]).matcher.match({ text })[0]?.fired ?? [];

  it('cuts a long text around the first matched term and keeps the highlights on the right words', () => {
    const text = `${'Lorem ipsum dolor sit amet. '.repeat(20)}De brandweer van Gent 🚒 rukte uit. ${'Nog meer tekst. '.repeat(30)}`;
    const e = excerptOf(text, fired('brand* AND gent', text));
    expect(e.excerpt.length).toBeLessThanOrEqual(282);
    expect(e.excerpt.startsWith('…') && e.excerpt.endsWith('…')).toBe(true);
    expect(e.highlights.map((h) => e.excerpt.slice(h.start, h.end))).toEqual(['brandweer', 'Gent']);
  });

  it('writes in the organisation’s language and escapes HTML', () => {
    const text = 'Het zwembad <b>sluit</b> morgen';
    const setting = {
      timeZone: 'Europe/Brussels',
      publicUrl: 'https://kanaal.example',
      organisation: { id: 'o', name: 'Stad Gent' },
      watchlist: { id: 'w', name: 'Zwembad' },
      rule: { id: 'r', name: 'Elke vermelding', mode: 'every' as const },
    };
    const mention = {
      id: '00000000-0000-4000-8000-000000000001',
      kind: 'bluesky' as const,
      url: null,
      author: 'jan.bsky.social',
      authorDisplayName: 'Jan',
      title: null,
      text,
      language: 'nl',
      occurredAt: at('2026-05-04T08:00:00Z'),
      fired: fired('zwembad', text),
    };
    const content = { trigger: 'match' as const, matchCount: 1, mentions: [mention], periodFrom: null, periodTo: null, spike: null };
    const nl = buildAlert({ ...setting, language: 'nl' }, content);
    expect(nl.subject).toBe('[Kanaal] Zwembad: nieuwe vermelding');
    expect(nl.text).toContain('Het *zwembad* <b>sluit</b> morgen');
    expect(nl.text).toContain('door Jan · 4 mei 2026');
    expect(nl.html).toContain('Het <mark>zwembad</mark> &lt;b&gt;sluit&lt;/b&gt; morgen');
    expect(nl.payload.mentions[0]).toMatchObject({ excerpt: text, highlights: [{ start: 4, end: 11, term: 'zwembad' }] });
    expect(buildAlert({ ...setting, language: 'en' }, content).subject).toBe('[Kanaal] Zwembad: new mention');
  });
});
