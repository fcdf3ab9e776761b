/** The real engine (src/engine/) behind the server's Runner interface. */
import { loadExercise, UnknownExerciseError } from '../engine/exercises.ts';
import { buildLearnerTree, LearnerFilesError } from '../engine/learner-files.ts';
import { InvalidPathError } from '../engine/paths.ts';
import { runHiddenTests, startApp } from '../engine/runner.ts';
import { DEFAULT_CONTAINMENT, removeStaleGroups, type ContainmentSettings } from '../engine/sandbox.ts';
import type { JobCheck, Runner } from './runner.ts';

export function createEngineRunner(containment: ContainmentSettings = DEFAULT_CONTAINMENT): Runner {
  // Limits of runs from a server or CLI that ended without cleaning up.
  removeStaleGroups();
  return {
    async check(exerciseId, files): Promise<JobCheck> {
      let exercise;
      try {
        exercise = await loadExercise(exerciseId);
      } catch (error) {
        if (error instanceof UnknownExerciseError) return { ok: false, status: 404, message: error.message };
        throw error;
      }
      try {
        buildLearnerTree(exercise, exercise.starter, files);
      } catch (error) {
        if (error instanceof InvalidPathError || error instanceof LearnerFilesError) return { ok: false, status: 400, message: error.message };
        throw error;
      }
      return { ok: true, hasApp: exercise.app !== undefined };
    },
    async runTests(options) {
      // RUNNER_TIMEOUT_MS caps the exercise's own time limit; it does not lengthen it.
      const exercise = await loadExercise(options.exerciseId);
      return runHiddenTests({ ...options, containment, limits: { ...options.limits, timeoutMs: Math.min(options.limits.timeoutMs, exercise.timeoutMs) } });
    },
    startApp: (options) => startApp({ ...options, containment }),
  };
}
