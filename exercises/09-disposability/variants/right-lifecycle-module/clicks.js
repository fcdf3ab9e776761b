// Each click job leaves one record, clickjob:<jobId> = code. Running a job again
// writes the same record again. Counting reads them all (fine at this size).

export async function recordClick(store, code, jobId, options = {}) {
  await store.set(`clickjob:${jobId}`, code, options);
}

export async function countClicks(store, code) {
  const keys = await store.keys('clickjob:');
  const codes = await Promise.all(keys.map((key) => store.get(key)));
  return codes.filter((c) => c === code).length;
}
