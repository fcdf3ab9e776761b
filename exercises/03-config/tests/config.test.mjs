// Hidden checks for exercise 03, config. Behaviour first: each check starts the
// learner's app as a real process (`node server.js`) with a chosen environment, the
// way one deploy or another would, and looks at what it answers and prints. Only the
// credential check reads files, because a secret left in the codebase changes no
// behaviour: it leaks to whoever reads the repository.
// (This file runs from <root>/hidden/tests/, so the harness is ../_harness/.)
//
// The checks live in ../_harness/checks/config.mjs, shared with the capstone
// (exercise 13); which of them run at the same time, and why, is explained there.
import { declareConfigChecks } from '../_harness/checks/config.mjs';

declareConfigChecks();
