// The build stage: `node build.js`.
// Today there is nothing to build: src/server.js compiles the links and the
// landing page itself, every time it starts.
console.log('Nothing to build: src/server.js compiles everything when it starts.');
