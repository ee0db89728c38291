// Starts the telegram-test-api Bot API emulator on 127.0.0.1:PORT and prints one "ready" line.
// Used by tests/e2e/conftest.py; stops on SIGTERM/SIGINT or when stdin closes.
'use strict';

const TelegramServer = require('telegram-test-api');

async function main() {
  const port = Number(process.argv[2]);
  if (!port) {
    console.error('usage: node emulator.js PORT');
    process.exit(2);
  }
  const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 60 });
  await server.start();
  const stop = async () => {
    try {
      await server.stop();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
  console.log(`ready ${server.config.apiURL}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
