'use strict';
// The loop every Node.js writer shares: read the environment, write one unique key every
// interval until the stop file appears, print each outcome on a line (see ../README.md).
const fs = require('node:fs');

function settings() {
  const env = process.env;
  const need = (name) => {
    if (!env[name]) throw new Error(`${name} is not set`);
    return env[name];
  };
  return {
    host: need('REDIS_HOST'),
    port: Number(need('REDIS_PORT')),
    password: env.REDIS_PASSWORD || undefined,
    recommended: need('WRITER_SETTINGS') === 'recommended',
    prefix: need('WRITER_PREFIX'),
    intervalMs: Number(env.WRITER_INTERVAL_MS || '20'),
    stopFile: need('WRITER_STOP_FILE'),
  };
}

function oneLine(error) {
  const text = `${error && error.name ? error.name : 'Error'}: ${error && error.message ? error.message : String(error)}`;
  return text.replace(/\s+/g, ' ').slice(0, 200);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// write(key) resolves when the server acknowledged the SET and rejects otherwise.
async function run(version, s, write) {
  process.stdout.write(`version ${version}\n`);
  for (let sequence = 0; !fs.existsSync(s.stopFile); sequence++) {
    const sent = Date.now();
    try {
      await write(`${s.prefix}:${sequence}`);
      process.stdout.write(`ok ${sequence} ${sent} ${Date.now()}\n`);
    } catch (error) {
      process.stdout.write(`err ${sequence} ${sent} ${Date.now()} ${oneLine(error)}\n`);
    }
    await sleep(s.intervalMs);
  }
}

module.exports = { settings, run };
