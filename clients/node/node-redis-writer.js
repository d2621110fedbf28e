'use strict';
// node-redis writing through the endpoint (see ../README.md for the protocol).
const { createClient } = require('redis');
const { settings, run } = require('./writer');

const s = settings();
const socket = { host: s.host, port: s.port };
const options = { socket, password: s.password };
if (s.recommended) {
  // Reconnect 100 ms after a cut, every time, instead of backing off up to 2 s.
  socket.reconnectStrategy = 100;
  socket.connectTimeout = 1000;
  // A command waits at most 1 s, queued or sent, so the application learns of an outage.
  options.commandOptions = { timeout: 1000 };
}
const client = createClient(options);
// Connection errors are reported by the commands that meet them; the event only must not crash the process.
client.on('error', () => {});

(async () => {
  await client.connect();
  await run(`node-redis ${require('redis/package.json').version}`, s, async (key) => {
    if ((await client.set(key, '1')) !== 'OK') throw new Error('SET did not answer OK');
  });
  client.destroy();
})().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
