/**
 * The learner's progress, kept in the browser (localStorage), one versioned
 * document for the whole course:
 *
 *   { version: 1,
 *     exercises: { "<id>": { files, attempts, passed, hintsRevealed, updatedAt } },
 *     quizzes:   { "<lesson id>": { answers: { "<question index>": <option index> }, correct, total, updatedAt } },
 *     lessons:   { "<lesson id>": { readAt } } }
 *
 * `quizzes` and `lessons` came later: a document without them is still valid
 * (no answers yet, nothing read yet).
 *
 * Everything read back (from storage or from an imported file) is validated;
 * data that does not fit is discarded with a notice for the learner, never
 * a crash. The inline script in ProgressMarks.astro reads the same key.
 */
import { validateLearnerPath } from '../engine/paths.ts';

export const STORAGE_KEY = 'tfc-progress';
/** Where unreadable data is moved, so it is not lost for good. */
export const BACKUP_KEY = 'tfc-progress-unreadable';
export const SCHEMA_VERSION = 1;
/** Event dispatched on window after every save (the sidebar marks listen to it). */
export const CHANGE_EVENT = 'tfc-progress';

export interface ExerciseProgress {
  /** The learner's files, path → content. */
  files: Record<string, string>;
  attempts: number;
  passed: boolean;
  hintsRevealed: number;
  updatedAt: string;
}
/** The answers last checked in a lesson's knowledge check. */
export interface QuizProgress {
  /** Question index (as a string, it is a JSON key) → index of the option checked. */
  answers: Record<string, number>;
  /** How many of `answers` are the right option, and how many questions the quiz had. */
  correct: number;
  total: number;
  updatedAt: string;
}
/** A lesson the learner has read to its end (the lesson page records it). */
export interface LessonProgress {
  readAt: string;
}
export interface ProgressData {
  version: 1;
  exercises: Record<string, ExerciseProgress>;
  quizzes: Record<string, QuizProgress>;
  lessons: Record<string, LessonProgress>;
}

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const EXERCISE_ID = /^\d{2}-[a-z0-9-]+$/;
const MAX_FILES = 200;

export function emptyProgress(): ProgressData {
  return { version: 1, exercises: {}, quizzes: {}, lessons: {} };
}

export function emptyExercise(): ExerciseProgress {
  return { files: {}, attempts: 0, passed: false, hintsRevealed: 0, updatedAt: new Date(0).toISOString() };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Same rule as every other place learner paths enter the course. */
function isSafePath(path: string): boolean {
  try {
    return validateLearnerPath(path) === path;
  } catch {
    return false;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 1e9;
}

/** Why `value` is not a progress document, or null when it is one. */
export function problemWith(value: unknown): string | null {
  if (!isPlainObject(value)) return 'it is not a JSON object';
  if (value['version'] !== SCHEMA_VERSION) return `it has version ${JSON.stringify(value['version'])}, expected ${SCHEMA_VERSION}`;
  const exercises = value['exercises'];
  if (!isPlainObject(exercises)) return '"exercises" is missing or not an object';
  for (const [id, entry] of Object.entries(exercises)) {
    if (!EXERCISE_ID.test(id)) return `"${id}" is not an exercise id`;
    if (!isPlainObject(entry)) return `the entry for ${id} is not an object`;
    const files = entry['files'];
    if (!isPlainObject(files)) return `the files of ${id} are missing`;
    const paths = Object.keys(files);
    if (paths.length > MAX_FILES) return `${id} has too many files`;
    for (const path of paths) {
      if (!isSafePath(path)) return `${id} has a file with an invalid path: ${path}`;
      if (typeof files[path] !== 'string') return `${id}/${path} is not text`;
    }
    if (!isCount(entry['attempts'])) return `the attempts of ${id} are not a count`;
    if (typeof entry['passed'] !== 'boolean') return `the passed state of ${id} is not true/false`;
    if (!isCount(entry['hintsRevealed'])) return `the hints of ${id} are not a count`;
    if (!isDate(entry['updatedAt'])) return `the date of ${id} is not a date`;
  }
  return problemWithQuizzes(value['quizzes']) ?? problemWithLessons(value['lessons']);
}

function isDate(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

const MAX_QUESTIONS = 50;

function problemWithQuizzes(quizzes: unknown): string | null {
  if (quizzes === undefined) return null;
  if (!isPlainObject(quizzes)) return '"quizzes" is not an object';
  for (const [id, entry] of Object.entries(quizzes)) {
    if (!EXERCISE_ID.test(id)) return `"${id}" is not a lesson id`;
    if (!isPlainObject(entry)) return `the quiz entry for ${id} is not an object`;
    const answers = entry['answers'];
    if (!isPlainObject(answers) || Object.keys(answers).length > MAX_QUESTIONS) return `the quiz answers of ${id} are not readable`;
    for (const [question, option] of Object.entries(answers)) {
      if (!/^\d{1,2}$/.test(question) || !isCount(option)) return `the quiz answers of ${id} are not readable`;
    }
    if (!isCount(entry['correct']) || !isCount(entry['total']) || entry['correct'] > entry['total']) return `the quiz score of ${id} is not a score`;
    if (!isDate(entry['updatedAt'])) return `the quiz date of ${id} is not a date`;
  }
  return null;
}

const MAX_LESSONS = 100;

function problemWithLessons(lessons: unknown): string | null {
  if (lessons === undefined) return null;
  if (!isPlainObject(lessons) || Object.keys(lessons).length > MAX_LESSONS) return '"lessons" is not an object';
  for (const [id, entry] of Object.entries(lessons)) {
    if (!EXERCISE_ID.test(id)) return `"${id}" is not a lesson id`;
    if (!isPlainObject(entry) || !isDate(entry['readAt'])) return `the reading date of ${id} is not a date`;
  }
  return null;
}

/** A clean copy holding only known fields (drops anything extra). */
function normalise(value: ProgressData): ProgressData {
  const exercises: Record<string, ExerciseProgress> = {};
  for (const [id, e] of Object.entries(value.exercises)) {
    exercises[id] = { files: { ...e.files }, attempts: e.attempts, passed: e.passed, hintsRevealed: e.hintsRevealed, updatedAt: e.updatedAt };
  }
  const quizzes: Record<string, QuizProgress> = {};
  for (const [id, q] of Object.entries(value.quizzes ?? {})) {
    quizzes[id] = { answers: { ...q.answers }, correct: q.correct, total: q.total, updatedAt: q.updatedAt };
  }
  const lessons: Record<string, LessonProgress> = {};
  for (const [id, l] of Object.entries(value.lessons ?? {})) lessons[id] = { readAt: l.readAt };
  return { version: 1, exercises, quizzes, lessons };
}

export interface LoadResult {
  data: ProgressData;
  /** Set when stored data was unreadable and has been discarded. */
  notice: string | null;
}

/** Reads progress; unreadable data is moved aside and replaced by empty progress, with a notice. */
export function loadProgress(storage: StorageLike): LoadResult {
  let raw: string | null;
  try {
    raw = storage.getItem(STORAGE_KEY);
  } catch {
    return { data: emptyProgress(), notice: 'Your browser does not let this site use local storage, so progress will not be saved.' };
  }
  if (raw === null) return { data: emptyProgress(), notice: null };
  let parsed: unknown;
  let problem: string | null;
  try {
    parsed = JSON.parse(raw);
    problem = problemWith(parsed);
  } catch {
    problem = 'it is not valid JSON';
  }
  if (problem === null) return { data: normalise(parsed as ProgressData), notice: null };
  try {
    storage.setItem(BACKUP_KEY, raw);
    storage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing more to do: the empty progress below is used either way.
  }
  // Let the sidebar marks forget what they read from the unreadable data.
  globalThis.dispatchEvent?.(new Event(CHANGE_EVENT));
  return {
    data: emptyProgress(),
    notice: `Your saved progress could not be read (${problem}), so it was set aside and you start fresh. Your code for each exercise starts from the starter files again.`,
  };
}

function storedDataIsUnreadable(storage: StorageLike): boolean {
  try {
    const raw = storage.getItem(STORAGE_KEY);
    return raw !== null && problemWith(JSON.parse(raw)) !== null;
  } catch {
    return true;
  }
}

/** Saves progress; returns a learner-facing message when the browser refuses. */
export function saveProgress(storage: StorageLike, data: ProgressData): string | null {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(data));
  } catch {
    return 'Your progress could not be saved: the browser refused to store it (storage full or disabled).';
  }
  globalThis.dispatchEvent?.(new Event(CHANGE_EVENT));
  return null;
}

/** The JSON text of an export file. */
export function exportProgress(data: ProgressData, now = new Date()): string {
  return JSON.stringify({ ...data, exportedAt: now.toISOString(), course: 'twelve-factor-course' }, null, 2);
}

export type ImportResult = { ok: true; data: ProgressData } | { ok: false; error: string };

/** Parses and validates an export file. */
export function parseImport(text: string): ImportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, error: 'That file is not a progress export: it is not valid JSON.' };
  }
  const problem = problemWith(parsed);
  if (problem) return { ok: false, error: `That file is not a progress export this course can read: ${problem}.` };
  return { ok: true, data: normalise(parsed as ProgressData) };
}

/** Imported exercises and quizzes replace the ones stored; others are kept. */
export function mergeProgress(current: ProgressData, imported: ProgressData): ProgressData {
  return {
    version: 1,
    exercises: { ...current.exercises, ...imported.exercises },
    quizzes: { ...current.quizzes, ...imported.quizzes },
    lessons: { ...current.lessons, ...imported.lessons },
  };
}

/** Saves the answers checked in one lesson's quiz (re-reading first, so other entries are kept). */
export function saveQuiz(storage: StorageLike, lessonId: string, quiz: Omit<QuizProgress, 'updatedAt'>, now = new Date()): string | null {
  const { data } = loadProgress(storage);
  data.quizzes[lessonId] = { answers: { ...quiz.answers }, correct: quiz.correct, total: quiz.total, updatedAt: now.toISOString() };
  return saveProgress(storage, data);
}

/** Records that the learner read a lesson to its end; the first reading date is kept. */
export function saveLessonRead(storage: StorageLike, lessonId: string, now = new Date()): string | null {
  // Unreadable data is left for a page that can show the learner the notice
  // (the workbench, the home page): setting it aside here would hide it.
  if (storedDataIsUnreadable(storage)) return null;
  const { data } = loadProgress(storage);
  if (data.lessons[lessonId]) return null;
  data.lessons[lessonId] = { readAt: now.toISOString() };
  return saveProgress(storage, data);
}

/**
 * Progress of one exercise for the workbench: reads once, writes through,
 * saves edited files debounced (and immediately on `flush()`).
 */
export interface ExerciseStore {
  readonly notice: string | null;
  get(): ExerciseProgress | undefined;
  update(change: (entry: ExerciseProgress) => void): string | null;
  saveFiles(files: Record<string, string>): void;
  flush(): string | null;
  reset(): string | null;
}

export function createExerciseStore(storage: StorageLike, exerciseId: string, options: { debounceMs?: number; now?: () => Date } = {}): ExerciseStore {
  const loaded = loadProgress(storage);
  const now = options.now ?? (() => new Date());
  const debounceMs = options.debounceMs ?? 400;
  let pendingFiles: Record<string, string> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // Re-read before each write, so another tab's changes to other exercises are kept.
  const write = (change: (data: ProgressData) => void): string | null => {
    const { data } = loadProgress(storage);
    change(data);
    return saveProgress(storage, data);
  };

  const store: ExerciseStore = {
    notice: loaded.notice,
    get() {
      const { data } = loadProgress(storage);
      return data.exercises[exerciseId];
    },
    update(change) {
      if (pendingFiles) store.flush();
      return write((data) => {
        const entry = data.exercises[exerciseId] ?? emptyExercise();
        change(entry);
        entry.updatedAt = now().toISOString();
        data.exercises[exerciseId] = entry;
      });
    },
    saveFiles(files) {
      pendingFiles = { ...files };
      clearTimeout(timer);
      timer = setTimeout(() => store.flush(), debounceMs);
    },
    flush() {
      clearTimeout(timer);
      const files = pendingFiles;
      pendingFiles = null;
      if (!files) return null;
      return write((data) => {
        const entry = data.exercises[exerciseId] ?? emptyExercise();
        entry.files = files;
        entry.updatedAt = now().toISOString();
        data.exercises[exerciseId] = entry;
      });
    },
    reset() {
      clearTimeout(timer);
      pendingFiles = null;
      return write((data) => {
        delete data.exercises[exerciseId];
      });
    },
  };
  return store;
}
