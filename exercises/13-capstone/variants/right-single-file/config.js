// Settings are read and checked in server.js, from the environment.
export {};
