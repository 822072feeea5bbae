/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: run by Node as is */
// The API the screenshot integrations call (scripts/host/screenshot.js --api): 127.0.0.1:18787.
// Customer 42 answers 503 on the first call of the session, then 200 (a retry in the picture);
// customer 7 has no `email` (a validation failure in the picture).
'use strict';
const http = require('http');

const PORT = 18787;
const CUSTOMERS = {
  42: {
    id: 42, firstName: 'Ada', lastName: 'Lovelace', email: 'ADA@EXAMPLE.COM', plan: { name: 'business', seats: 12 },
    orders: [{ id: 'o-1', total: 120 }, { id: 'o-2', total: 75.5 }, { id: 'o-3', total: 310 }], createdAt: '2024-03-01T09:30:00Z',
  },
  7: { id: 7, firstName: 'Grace', lastName: 'Hopper', contact: { phone: '+1 555 0100' }, orders: [] },
};

/** Starts the API; resolves to `{ close(), requests() }` (how many requests it answered). */
function startScreenshotApi() {
  const seen = new Set();
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const m = /^\/v1\/customers\/(\d+)$/.exec(req.url || '');
    const customer = m && CUSTOMERS[m[1]];
    const send = (status, body) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-request-id': `req-${Date.now()}` });
      res.end(text);
    };
    if (!customer) return send(404, { error: { message: 'no such customer' } });
    if (m[1] === '42' && !seen.has(m[1])) {
      seen.add(m[1]);
      return send(503, { error: { message: 'warming up, try again' } });
    }
    return send(200, customer);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(PORT, '127.0.0.1', () => resolve({ close: () => new Promise((r) => server.close(() => r())), requests: () => requests }));
  });
}

module.exports = { startScreenshotApi, PORT };
