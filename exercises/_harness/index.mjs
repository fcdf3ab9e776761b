// The hidden-test harness: everything a hidden test imports, from one place.
//   import { test, startApp, freePort, expectListening, fail } from '../_harness/index.mjs';
// (Hidden tests run from <root>/hidden/tests/, next to <root>/hidden/_harness/.)
// Node built-ins only: this also runs inside WebContainer on Node 20/22.
export { test, concurrently } from './test.mjs';
export { LearnerFacingError, HarnessError, fail, ensure, formatFailure, show } from './failures.mjs';
export { startApp, killAllApps, killGroup, killTree, listenObserverSupported, App } from './process.mjs';
export { freePort, freePorts, isPortFree, connectHost, waitForPort, listenSettled, request, LISTEN_QUIET_MS } from './net.mjs';
export { explainNotListening, expectListening, crashSummary, describeExit, excerpt } from './diagnose.mjs';
export { startStub, startKeyValueStub, startQueueStub } from './stubs.mjs';
export { signalSupport, sendSignal } from './signals.mjs';
export { walkFiles, readLearnerFile, scanFiles, stripComments } from './files.mjs';
export { learnerDir, testTimeoutMs } from './env.mjs';
export { OutputBuffer, truncateMiddle, relativePaths, tidyStackTraces } from './output.mjs';
export { nodeOnlyPath, recordLaunches, isNodeItself, describeLaunch } from './programs.mjs';
export { parseProcfile, parseCommand, readProcfile, startFormation } from './formation.mjs';
export { snapshotTree, treeChanges } from './tree.mjs';
