import { createServer } from 'node:http';
import { connectQueue } from '../queue.js';
import { connectStore } from '../store.js';
import { createApp } from './routes.js';

const { PORT, STORE_URL, QUEUE_URL } = process.env;
if (!PORT || !STORE_URL || !QUEUE_URL) {
  console.error('web: PORT, STORE_URL and QUEUE_URL must all be set');
  process.exit(1);
}
const handle = createApp(connectStore(STORE_URL), connectQueue(QUEUE_URL));
createServer(async (req, res) => {
  try {
    await handle(req, res);
  } catch (err) {
    console.error('web:', err.message);
    res.statusCode = 500;
    res.end();
  }
}).listen(Number(PORT), () => console.log('web: listening on', PORT));
