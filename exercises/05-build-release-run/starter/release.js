// The release stage: `PUBLIC_URL=https://sho.example.com node release.js`.
// Today there is nothing to release: src/server.js reads PUBLIC_URL when it starts.
console.log('Nothing to release: src/server.js reads its config when it starts.');
