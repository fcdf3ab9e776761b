// Config from the environment, checked once.
const read = (/** @type {string} */ name, required = true) => {
  const value = process.env[name];
  if (required && !value) {
    console.error(`${name} is required`);
    process.exit(1);
  }
  return value ?? '';
};

export const config = {
  get port() {
    return Number(read('PORT'));
  },
  storeUrl: read('STORE_URL'),
  queueUrl: read('QUEUE_URL'),
};
