// One event per HTTP request, written when the response is closed (answered, or
// cut off), the way pino-http or morgan do it.

/**
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => unknown} handler
 * @param {import('./log.js').Logger} logger
 */
export function withRequestLog(handler, logger) {
  return (req, res) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const responseTime = Number(process.hrtime.bigint() - started) / 1e6;
      const fields = { method: req.method, url: req.url, statusCode: res.statusCode, responseTime: Math.round(responseTime) };
      if (res.writableFinished) logger.info('request completed', fields);
      else logger.warn('request aborted', fields);
    });
    return handler(req, res);
  };
}
