'use strict';
// ioredis writing through the endpoint (see ../README.md for the protocol).
const Redis = require('ioredis');
const { settings, run } = require('./writer');

const s = settings();
const options = { host: s.host, port: s.port, password: s.password };
if (s.recommended) {
  Object.assign(options, {
    // Reconnect 100 ms after a cut, every time: the endpoint refuses connections only until HAProxy
    // approves the new master, and the default exponential back-off (up to 5 s) would sleep past that.
    retryStrategy: () => 100,
    // A command waits at most 1 s for its reply, and is retried on one reconnection only, so the
    // application learns of an outage in about a second instead of after 20 reconnections.
    commandTimeout: 1000,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
  });
}
const client = new Redis(options);
// Connection errors are reported by the commands that meet them; the event only must not crash the process.
client.on('error', () => {});

run(`ioredis ${require('ioredis/package.json').version}`, s, async (key) => {
  if ((await client.set(key, '1')) !== 'OK') throw new Error('SET did not answer OK');
}).finally(() => client.disconnect());
