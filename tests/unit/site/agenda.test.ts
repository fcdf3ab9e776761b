/** The agenda's clock (src/content/agenda.ts), which the instructor guide's <Agenda /> renders. */
import { describe, expect, it } from 'vitest';
import { buildAgenda, formatClock, formatDuration, parseClock, type AgendaRow, type AgendaSession } from '../../../src/content/agenda.ts';

const session = (id: string, minutes: number): AgendaSession => ({ id, title: id, minutes });
/** Each row as "09:00-09:35 id" (or "break" / "lunch"). */
const rows = (list: AgendaRow[]) => list.map((r) => `${formatClock(r.start)}-${formatClock(r.end)} ${r.kind === 'session' ? r.session.id : r.kind}`);

/** The course's thirteen lessons, as their frontmatter gives their minutes. */
const course = [35, 35, 35, 35, 40, 40, 30, 40, 45, 40, 40, 40, 90].map((m, i) => session(`L${i + 1}`, m));

describe('agenda clock', () => {
  it('parses and formats times of day and durations', () => {
    expect(parseClock('09:00')).toBe(540);
    expect(parseClock('8:05')).toBe(485);
    expect(() => parseClock('9h')).toThrow(/"9h" is not a time of day/);
    expect(() => parseClock('24:00')).toThrow();
    expect(formatClock(485)).toBe('08:05');
    expect(formatDuration(40)).toBe('40 min');
    expect(formatDuration(120)).toBe('2 h');
    expect(formatDuration(545)).toBe('9 h 05 min');
  });

  it('runs sessions back to back and breaks before a stretch would pass 90 minutes', () => {
    const agenda = buildAgenda([session('a', 35), session('b', 35), session('c', 35)]);
    expect(agenda.days).toHaveLength(1);
    expect(rows(agenda.days[0]!.rows)).toEqual(['09:00-09:35 a', '09:35-10:10 b', '10:10-10:25 break', '10:25-11:00 c']);
    expect(agenda.sessionMinutes).toBe(105);
    expect(agenda.breakMinutes).toBe(15);
  });

  it('makes the first break of the day from 11:30 a lunch, and only that one', () => {
    const agenda = buildAgenda([session('a', 80), session('b', 80), session('c', 80), session('d', 80)], { dayEnd: '18:00' });
    expect(rows(agenda.days[0]!.rows)).toEqual([
      '09:00-10:20 a',
      '10:20-10:35 break',
      '10:35-11:55 b',
      '11:55-12:55 lunch',
      '12:55-14:15 c',
      '14:15-14:30 break',
      '14:30-15:50 d',
    ]);
  });

  it('starts a new day when a session would end after the end of the day, with no break left dangling', () => {
    const agenda = buildAgenda([session('a', 60), session('b', 60)], { start: '16:00', dayEnd: '17:30' });
    expect(agenda.days.map((d) => rows(d.rows))).toEqual([['16:00-17:00 a'], ['16:00-17:00 b']]);
    expect(agenda.breakMinutes).toBe(0);
  });

  it('lets a session longer than the limit run as a stretch of its own, and one longer than a day run over', () => {
    const agenda = buildAgenda([session('a', 30), session('capstone', 120), session('huge', 600)]);
    expect(agenda.days.map((d) => rows(d.rows))).toEqual([['09:00-09:30 a', '09:30-09:45 break', '09:45-11:45 capstone'], ['09:00-19:00 huge']]);
  });

  it('lays the whole course out on two days from 09:00 to 17:00', () => {
    const agenda = buildAgenda([session('welcome', 15), ...course, session('wrap-up', 30)]);
    expect(agenda.days).toHaveLength(2);
    for (const day of agenda.days) {
      expect(day.rows[0]!.start).toBe(parseClock('09:00'));
      expect(day.rows.at(-1)!.end).toBeLessThanOrEqual(parseClock('17:00'));
      // Never more than 90 minutes without a break, except a single session longer than that.
      let stretch = 0;
      for (const row of day.rows) {
        stretch = row.kind === 'session' ? stretch + row.session.minutes : 0;
        if (row.kind === 'session' && row.session.minutes <= 90) expect(stretch).toBeLessThanOrEqual(90);
      }
      expect(day.rows.filter((r) => r.kind === 'lunch')).toHaveLength(1);
    }
    expect(agenda.sessionMinutes).toBe(15 + 545 + 30);
    // Totals add up: every minute of every day is a session or a break.
    for (const day of agenda.days) expect(day.sessionMinutes + day.breakMinutes).toBe(day.spanMinutes);
    // The lessons stay in their order.
    const order = agenda.days.flatMap((d) => d.rows.flatMap((r) => (r.kind === 'session' ? [r.session.id] : [])));
    expect(order).toEqual(['welcome', ...course.map((s) => s.id), 'wrap-up']);
  });

  it('follows the options it is given and refuses nonsense', () => {
    const agenda = buildAgenda([session('a', 50), session('b', 50)], { start: '13:00', maxStretch: 60, breakMinutes: 10, lunchFrom: '' });
    expect(rows(agenda.days[0]!.rows)).toEqual(['13:00-13:50 a', '13:50-14:00 break', '14:00-14:50 b']);
    expect(() => buildAgenda([session('a', 0)])).toThrow(/"a" has no usable length/);
    expect(() => buildAgenda([], { start: '17:00', dayEnd: '09:00' })).toThrow(/ends \(09:00\) before it starts/);
    expect(buildAgenda([]).days).toEqual([]);
  });
});
