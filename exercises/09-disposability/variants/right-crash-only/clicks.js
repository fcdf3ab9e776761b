// clicks/<code>/<jobId>: one key per job, so a job that runs twice writes the same key twice.
export const recordClick = (store, code, jobId, options) => store.set(`clicks/${code}/${jobId}`, 'clicked', options);
export const countClicks = async (store, code) => (await store.keys(`clicks/${code}/`)).length;
