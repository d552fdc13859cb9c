// Runs the instant server in its own process, as the client figures need: prints `listening <port>`. `--close <how> --pieces N` give it a real server's habits.
import type { AddressInfo } from 'node:net';
import { createInstantServer, INSTANT, parseClosing } from './instant-server.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
};
const server = createInstantServer({
  closing: parseClosing(option('--close') ?? 'never'),
  pieces: Number(option('--pieces') ?? INSTANT.pieces),
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
