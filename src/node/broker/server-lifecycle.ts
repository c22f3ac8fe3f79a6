import type { Server } from 'node:net';
import type { Socket } from 'node:net';
import type { Logger } from './log.js';
import { describePortHolder } from './port-holder.js';

/** How far to walk up from a taken port before giving up. */
export const PORT_ATTEMPTS = 20;

export interface ListenOptions {
  port: number;
  host: string;
  /** Fail on a taken port instead of trying the next one. */
  strict: boolean;
  /** Names the listener in errors, e.g. 'MQTT (TCP)'. */
  label: string;
  logger: Logger;
}

/**
 * Listens on `port`, or on the next free one (up to +20) when it is taken — Debian's own
 * mosquitto often holds 1883. Port 0 lets the OS choose. Resolves to the port it got.
 * With `strict` a taken port is an error naming who holds it: a port someone asked for
 * by number is one they mean to use, and quietly getting another would mislead them.
 *
 * @example
 * const port = await listenWithFallback(server, { port: 1883, host: '127.0.0.1', strict: false, label: 'MQTT', logger });
 */
export async function listenWithFallback(server: Server, options: ListenOptions): Promise<number> {
  const { port, host, strict, label, logger } = options;
  const last = port === 0 || strict ? port : Math.min(port + PORT_ATTEMPTS, 65535);
  for (let candidate = port; candidate <= last; candidate++) {
    try {
      const bound = await listenOnce(server, candidate, host);
      if (candidate !== port) logger.info(`port ${port} is in use ${await describePortHolder(port)}, using ${bound} instead`);
      return bound;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE') throw new Error(`Could not open the ${label} port ${candidate} on ${host}: ${(error as Error).message}`);
    }
  }
  if (strict) {
    throw new Error(`The ${label} port ${port} on ${host} is in use ${await describePortHolder(port)}. Stop it, choose another port, or leave the port out to take the next free one.`);
  }
  throw new Error(`The ${label} ports ${port}–${last} on ${host} are all in use. Choose another port.`);
}

function listenOnce(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Remembers every socket a server accepts, so closing can cut them instead of waiting for
 * clients to leave (net.Server.close only stops accepting). Returns a closer for later.
 */
export function trackSockets(server: Server): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
}
