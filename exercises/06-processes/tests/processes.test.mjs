// Hidden checks for exercise 06, processes. Behaviour only: each check starts
// the learner's app (`node server.js`) as real processes, the way a platform
// runs several instances of one app, all pointed at one key-value store stub
// (STORE_URL), and talks to them over HTTP. No load balancer and no sticky
// routing: the checks choose which instance gets each request.
// (This file runs from <root>/hidden/tests/, so the harness is ../_harness/.)
//
// The checks live in ../_harness/checks/processes.mjs, shared with the capstone
// (exercise 13); the temporary folders, which checks run at the same time, and
// why, are explained there.
import { declareProcessesChecks } from '../_harness/checks/processes.mjs';

declareProcessesChecks();
