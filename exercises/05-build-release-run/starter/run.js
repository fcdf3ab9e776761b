// The run stage: `PORT=4000 node run.js [release-id]`.
// Today it starts the server straight from the sources.
import './src/server.js';
