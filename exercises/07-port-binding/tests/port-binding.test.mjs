// Hidden checks for exercise 07, port binding. Behaviour only: each check starts
// the learner's app as a real process (`node server.js`) with a chosen
// environment and looks at what it does on the network and in its output.
// (This file runs from <root>/hidden/tests/, so the harness is ../_harness/.)
//
// The checks live in ../_harness/checks/port-binding.mjs, shared with the capstone
// (exercise 13); the order of the checks, and why, is explained there.
import { declarePortBindingChecks } from '../_harness/checks/port-binding.mjs';

declarePortBindingChecks();
