import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BACKUP_KEY,
  STORAGE_KEY,
  createExerciseStore,
  exportProgress,
  loadProgress,
  mergeProgress,
  parseImport,
  saveProgress,
  saveLessonRead,
  saveQuiz,
  type ProgressData,
  type StorageLike,
} from '../../../src/progress/store.ts';

function memoryStorage(initial: Record<string, string> = {}): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const entry = { files: { 'server.js': 'code' }, attempts: 2, passed: true, hintsRevealed: 1, updatedAt: '2026-01-01T00:00:00.000Z' };
const quiz = { answers: { '0': 1, '2': 0 }, correct: 1, total: 5, updatedAt: '2026-01-02T00:00:00.000Z' };
const valid: ProgressData = {
  version: 1,
  exercises: { '07-port-binding': entry },
  quizzes: { '07-port-binding': quiz },
  lessons: { '07-port-binding': { readAt: '2026-01-03T00:00:00.000Z' } },
};

afterEach(() => vi.useRealTimers());

describe('loadProgress', () => {
  it('returns empty progress when nothing is stored', () => {
    expect(loadProgress(memoryStorage())).toEqual({ data: { version: 1, exercises: {}, quizzes: {}, lessons: {} }, notice: null });
  });
  it('reads valid progress and drops unknown fields', () => {
    const stored = { ...valid, extra: 1, exercises: { '07-port-binding': { ...entry, junk: true } } };
    const { data, notice } = loadProgress(memoryStorage({ [STORAGE_KEY]: JSON.stringify(stored) }));
    expect(notice).toBeNull();
    expect(data).toEqual(valid);
  });
  it.each([
    ['not JSON', '{oops', /not valid JSON/],
    ['another version', JSON.stringify({ version: 99, exercises: {} }), /version 99/],
    ['a bad exercise id', JSON.stringify({ version: 1, exercises: { '../x': entry } }), /not an exercise id/],
    ['a path that climbs out', JSON.stringify({ version: 1, exercises: { '07-port-binding': { ...entry, files: { '../etc': 'x' } } } }), /invalid path/],
    ['a wrong type', JSON.stringify({ version: 1, exercises: { '07-port-binding': { ...entry, attempts: 'two' } } }), /attempts/],
    ['null', 'null', /not a JSON object/],
  ])('discards %s with a notice, keeping a backup', (_name, raw, reason) => {
    const storage = memoryStorage({ [STORAGE_KEY]: raw });
    const { data, notice } = loadProgress(storage);
    expect(data).toEqual({ version: 1, exercises: {}, quizzes: {}, lessons: {} });
    expect(notice).toMatch(reason);
    expect(notice).toMatch(/could not be read/);
    expect(storage.data.get(BACKUP_KEY)).toBe(raw);
    expect(storage.data.has(STORAGE_KEY)).toBe(false);
  });
  it('copes with storage that throws', () => {
    const blocked: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => undefined,
      removeItem: () => undefined,
    };
    expect(loadProgress(blocked).notice).toMatch(/will not be saved/);
  });
});

describe('saveProgress', () => {
  it('returns a message instead of throwing when storage is full', () => {
    const full: StorageLike = { ...memoryStorage(), setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(saveProgress(full, valid)).toMatch(/could not be saved/);
  });
});

describe('exercise store', () => {
  it('saves files debounced, and at once on flush', () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const store = createExerciseStore(storage, '07-port-binding', { debounceMs: 300 });
    store.saveFiles({ 'server.js': 'a' });
    store.saveFiles({ 'server.js': 'ab' });
    expect(storage.data.has(STORAGE_KEY)).toBe(false);
    vi.advanceTimersByTime(300);
    expect(store.get()?.files).toEqual({ 'server.js': 'ab' });
    store.saveFiles({ 'server.js': 'abc' });
    store.flush();
    expect(store.get()?.files).toEqual({ 'server.js': 'abc' });
  });
  it('records attempts, passed state and hints, keeps other exercises, and resets one exercise', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: JSON.stringify({ version: 1, exercises: { '03-config': entry } }) });
    const store = createExerciseStore(storage, '07-port-binding', { now: () => new Date('2026-02-02T00:00:00Z') });
    store.update((e) => {
      e.attempts += 1;
      e.passed = true;
      e.hintsRevealed = 2;
    });
    expect(store.get()).toEqual({ files: {}, attempts: 1, passed: true, hintsRevealed: 2, updatedAt: '2026-02-02T00:00:00.000Z' });
    store.reset();
    expect(store.get()).toBeUndefined();
    expect(loadProgress(storage).data.exercises['03-config']).toEqual(entry);
  });
  it('exposes the notice when stored data was corrupt', () => {
    const store = createExerciseStore(memoryStorage({ [STORAGE_KEY]: '[]' }), '07-port-binding');
    expect(store.notice).toMatch(/could not be read/);
    expect(store.get()).toBeUndefined();
  });
});

describe('export / import', () => {
  it('round-trips through an export file', () => {
    const text = exportProgress(valid, new Date('2026-03-03T00:00:00Z'));
    expect(JSON.parse(text)).toMatchObject({ version: 1, exportedAt: '2026-03-03T00:00:00.000Z' });
    const result = parseImport(text);
    expect(result).toEqual({ ok: true, data: valid });
  });
  it('refuses files that are not progress exports, saying why', () => {
    expect(parseImport('hello')).toEqual({ ok: false, error: expect.stringMatching(/not valid JSON/) });
    expect(parseImport('{"version":1}')).toEqual({ ok: false, error: expect.stringMatching(/"exercises" is missing/) });
  });
  it('merges: imported exercises replace stored ones, others stay', () => {
    const current: ProgressData = { version: 1, exercises: { '03-config': entry, '07-port-binding': { ...entry, passed: false } }, quizzes: {}, lessons: {} };
    const merged = mergeProgress(current, valid);
    expect(merged.exercises['07-port-binding']?.passed).toBe(true);
    expect(merged.exercises['03-config']).toEqual(entry);
  });
});

describe('quiz answers', () => {
  it('accepts progress saved before quizzes existed', () => {
    const old = { version: 1, exercises: { '07-port-binding': entry } };
    const { data, notice } = loadProgress(memoryStorage({ [STORAGE_KEY]: JSON.stringify(old) }));
    expect(notice).toBeNull();
    expect(data.quizzes).toEqual({});
    expect(data.exercises['07-port-binding']).toEqual(entry);
  });
  it.each([
    ['a bad lesson id', { '../x': quiz }, /not a lesson id/],
    ['an answer that is not an option index', { '07-port-binding': { ...quiz, answers: { '0': 'b' } } }, /answers/],
    ['a question key that is not an index', { '07-port-binding': { ...quiz, answers: { q1: 0 } } }, /answers/],
    ['more right answers than questions', { '07-port-binding': { ...quiz, correct: 6 } }, /score/],
    ['a bad date', { '07-port-binding': { ...quiz, updatedAt: 'soon' } }, /date/],
  ])('discards stored data with %s, with a notice', (_name, quizzes, reason) => {
    const storage = memoryStorage({ [STORAGE_KEY]: JSON.stringify({ ...valid, quizzes }) });
    const { data, notice } = loadProgress(storage);
    expect(data).toEqual({ version: 1, exercises: {}, quizzes: {}, lessons: {} });
    expect(notice).toMatch(reason);
  });
  it('saves one lesson\'s answers and keeps everything else', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: JSON.stringify(valid) });
    expect(saveQuiz(storage, '03-config', { answers: { '0': 2 }, correct: 1, total: 4 }, new Date('2026-02-01T00:00:00Z'))).toBeNull();
    const { data } = loadProgress(storage);
    expect(data.quizzes['03-config']).toEqual({ answers: { '0': 2 }, correct: 1, total: 4, updatedAt: '2026-02-01T00:00:00.000Z' });
    expect(data.quizzes['07-port-binding']).toEqual(quiz);
    expect(data.exercises['07-port-binding']).toEqual(entry);
  });
  it('travels in export files, and imported quizzes replace stored ones', () => {
    const parsed = parseImport(exportProgress(valid));
    expect(parsed).toEqual({ ok: true, data: valid });
    const current: ProgressData = { version: 1, exercises: {}, quizzes: { '07-port-binding': { ...quiz, correct: 0 }, '01-codebase': quiz }, lessons: {} };
    const merged = mergeProgress(current, valid);
    expect(merged.quizzes).toEqual({ '07-port-binding': quiz, '01-codebase': quiz });
  });
});

describe('lessons read', () => {
  it('records the first reading of a lesson and keeps it on later readings', () => {
    const storage = memoryStorage();
    expect(saveLessonRead(storage, '03-config', new Date('2026-03-01T00:00:00Z'))).toBeNull();
    expect(saveLessonRead(storage, '03-config', new Date('2026-04-01T00:00:00Z'))).toBeNull();
    expect(loadProgress(storage).data.lessons).toEqual({ '03-config': { readAt: '2026-03-01T00:00:00.000Z' } });
  });

  it('keeps the exercises and quizzes already stored', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: JSON.stringify(valid) });
    saveLessonRead(storage, '11-logs');
    const { data } = loadProgress(storage);
    expect(data.exercises).toEqual(valid.exercises);
    expect(data.quizzes).toEqual(valid.quizzes);
    expect(Object.keys(data.lessons).sort()).toEqual(['07-port-binding', '11-logs']);
  });

  it('leaves unreadable data for a page that can tell the learner, recording nothing', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: '{"version":1,"exercises":[]}' });
    expect(saveLessonRead(storage, '03-config')).toBeNull();
    expect(storage.data.get(STORAGE_KEY)).toBe('{"version":1,"exercises":[]}');
    expect(storage.data.get(BACKUP_KEY)).toBeUndefined();
  });

  it('reads a document written before lessons were recorded', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: JSON.stringify({ version: 1, exercises: {}, quizzes: {} }) });
    expect(loadProgress(storage)).toEqual({ data: { version: 1, exercises: {}, quizzes: {}, lessons: {} }, notice: null });
  });

  it('sets aside a document whose reading dates are not dates, with a notice naming the lesson', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: JSON.stringify({ ...valid, lessons: { '03-config': { readAt: 'yesterday' } } }) });
    const { data, notice } = loadProgress(storage);
    expect(data.lessons).toEqual({});
    expect(notice).toContain('the reading date of 03-config is not a date');
    expect(storage.data.get(BACKUP_KEY)).toBeDefined();
  });

  it('merges imported readings with the ones stored', () => {
    const current: ProgressData = { version: 1, exercises: {}, quizzes: {}, lessons: { '01-codebase': { readAt: '2026-01-01T00:00:00.000Z' } } };
    const imported: ProgressData = { version: 1, exercises: {}, quizzes: {}, lessons: { '02-dependencies': { readAt: '2026-01-02T00:00:00.000Z' } } };
    expect(Object.keys(mergeProgress(current, imported).lessons)).toEqual(['01-codebase', '02-dependencies']);
  });
});
