/**
 * The workshop agenda's clock: lays sessions (the configured lessons, with
 * their `minutes`, and optionally an opening and a closing) out on days from
 * a start time, with a short break whenever the next session would make a
 * stretch without one longer than `maxStretch`, a longer lunch break for the
 * first break of a day at or after `lunchFrom`, and a new day when a session
 * would end after `dayEnd`. Pure (no Astro): the `<Agenda />` component
 * renders what this returns, and unit tests check the arithmetic.
 */

export interface AgendaSession {
  /** Lesson id, or a name of your own for an opening or closing. */
  id: string;
  title: string;
  minutes: number;
  /** Link for the session's title (a lesson's page). */
  href?: string;
}

export interface AgendaOptions {
  /** When each day starts, "HH:MM" (24-hour). */
  start: string;
  /** Latest time a session may end, "HH:MM"; a session that would end later starts the next day. */
  dayEnd: string;
  /** Longest stretch of sessions without a break, in minutes; a session longer than this gets a stretch of its own. */
  maxStretch: number;
  breakMinutes: number;
  /** The first break of a day starting at or after this time is lunch, "HH:MM"; empty for no lunch. */
  lunchFrom: string;
  lunchMinutes: number;
}

export const DEFAULT_AGENDA: AgendaOptions = {
  start: '09:00',
  dayEnd: '17:00',
  maxStretch: 90,
  breakMinutes: 15,
  lunchFrom: '11:30',
  lunchMinutes: 60,
};

export type AgendaRow =
  | { kind: 'session'; session: AgendaSession; start: number; end: number }
  | { kind: 'break' | 'lunch'; start: number; end: number };

export interface AgendaDay {
  /** 1, 2, … */
  number: number;
  rows: AgendaRow[];
  /** Minutes of sessions this day. */
  sessionMinutes: number;
  /** Minutes of breaks and lunch this day. */
  breakMinutes: number;
  /** Minutes from the day's start to its last session's end. */
  spanMinutes: number;
}

export interface Agenda {
  days: AgendaDay[];
  sessionMinutes: number;
  breakMinutes: number;
  options: AgendaOptions;
}

/** "09:30" → 570 (minutes after midnight). Throws on anything else, naming the value. */
export function parseClock(text: string): number {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a time of day such as "09:00" (24-hour HH:MM)`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** 570 → "09:30". Past midnight it goes on counting ("24:15"): an agenda that long has a problem to show, not hide. */
export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** 545 → "9 h 05 min", 40 → "40 min", 120 → "2 h". */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  if (m === 0) return `${h} h`;
  return `${h} h ${String(m).padStart(2, '0')} min`;
}

export function buildAgenda(sessions: AgendaSession[], overrides: Partial<AgendaOptions> = {}): Agenda {
  const options: AgendaOptions = { ...DEFAULT_AGENDA, ...overrides };
  const start = parseClock(options.start);
  const dayEnd = parseClock(options.dayEnd);
  const lunchFrom = options.lunchFrom ? parseClock(options.lunchFrom) : Number.POSITIVE_INFINITY;
  if (dayEnd <= start) throw new Error(`the day ends (${options.dayEnd}) before it starts (${options.start})`);
  for (const [name, value] of [['maxStretch', options.maxStretch], ['breakMinutes', options.breakMinutes], ['lunchMinutes', options.lunchMinutes]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number of minutes, 0 or more (got ${value})`);
  }
  for (const session of sessions) {
    if (!Number.isInteger(session.minutes) || session.minutes < 1) throw new Error(`"${session.id}" has no usable length (minutes: ${session.minutes})`);
  }

  const days: AgendaDay[] = [];
  let day: AgendaDay | null = null;
  let clock = start;
  let stretch = 0; // minutes of sessions since the last break
  let hadLunch = false;

  const newDay = (): AgendaDay => {
    const next: AgendaDay = { number: days.length + 1, rows: [], sessionMinutes: 0, breakMinutes: 0, spanMinutes: 0 };
    days.push(next);
    clock = start;
    stretch = 0;
    hadLunch = false;
    return next;
  };

  for (const session of sessions) {
    if (!day) day = newDay();
    if (stretch > 0 && stretch + session.minutes > options.maxStretch) {
      const lunch: boolean = !hadLunch && clock >= lunchFrom;
      const length = lunch ? options.lunchMinutes : options.breakMinutes;
      // A session that would not fit after the break starts the next day, without the break.
      if (clock + length + session.minutes > dayEnd) day = newDay();
      else if (length > 0) {
        day.rows.push({ kind: lunch ? 'lunch' : 'break', start: clock, end: clock + length });
        day.breakMinutes += length;
        clock += length;
        stretch = 0;
        hadLunch ||= lunch;
      } else stretch = 0;
    }
    // Not even without a break: a new day, unless the day is still empty (a session longer than a day runs over).
    if (day.rows.length > 0 && clock + session.minutes > dayEnd) day = newDay();
    day.rows.push({ kind: 'session', session, start: clock, end: clock + session.minutes });
    day.sessionMinutes += session.minutes;
    clock += session.minutes;
    stretch += session.minutes;
    day.spanMinutes = clock - start;
  }

  return {
    days,
    sessionMinutes: days.reduce((sum, d) => sum + d.sessionMinutes, 0),
    breakMinutes: days.reduce((sum, d) => sum + d.breakMinutes, 0),
    options,
  };
}
