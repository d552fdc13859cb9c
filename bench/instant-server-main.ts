// Runs the instant server in its own process, as the client-overhead figure needs: prints `listening <port>`.
import type { AddressInfo } from 'node:net';
import { createInstantServer } from './instant-server.js';

const server = createInstantServer();
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
