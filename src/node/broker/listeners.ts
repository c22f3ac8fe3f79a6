import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { createMqttWebSocketStream } from './websocket-stream.js';

/** PEM contents for the encrypted listeners. */
export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
}

/** Reads the certificate and key, naming the file that fails. */
export async function readTlsMaterial(certPath: string, keyPath: string): Promise<TlsMaterial> {
  const read = async (path: string, what: string) => {
    try {
      return await readFile(path);
    } catch (error) {
      throw new Error(`Could not read the TLS ${what} '${path}': ${(error as Error).message}`);
    }
  };
  return { cert: await read(certPath, 'certificate'), key: await read(keyPath, 'key') };
}

/**
 * Hands a new connection to the broker. The peer address is read here, on arrival: once a
 * socket is destroyed Node no longer knows it, and errors are logged after that.
 */
export type AcceptConnection = (connection: Duplex, remoteAddress: string | undefined, request?: IncomingMessage) => void;

/** An MQTT listener over TCP, or over TLS when given certificate material. Not yet listening. */
export function createMqttServer(accept: AcceptConnection, tls?: TlsMaterial): Server {
  const handle = (socket: Socket) => accept(socket, socket.remoteAddress);
  // tls.Server hands over sockets after the handshake, so it feeds the broker from its own listener.
  return tls ? createTlsServer(tls, handle) : createNetServer(handle);
}

// MQTT.js in browsers offers 'mqtt'; MQTT 3.1 clients offered 'mqttv3.1'. A browser
// rejects the handshake if we don't pick one of the subprotocols it offered.
const SUBPROTOCOLS = ['mqtt', 'mqttv3.1'];

/**
 * An MQTT-over-WebSocket listener (wss when given certificate material), accepting any
 * path (`/`, `/mqtt`, …). A plain HTTP request gets a one-line explanation, so opening the
 * URL in a browser answers instead of hanging. Not yet listening.
 *
 * `maxFrameBytes` bounds one WebSocket frame, so a giant frame cannot exhaust memory
 * before the broker's payload limit sees the message.
 */
export function createMqttWebSocketServer(accept: AcceptConnection, maxFrameBytes: number, tls?: TlsMaterial): HttpServer {
  const explain = (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('This is an MQTT broker. Connect with an MQTT client over WebSocket, e.g. mqtt.connect("ws://<this host>:<this port>").\n');
  };
  const server: HttpServer = tls ? createHttpsServer(tls, explain) : createHttpServer(explain);
  const wss = new WebSocketServer({
    server,
    maxPayload: maxFrameBytes,
    handleProtocols: (offered: Set<string>) => SUBPROTOCOLS.find((name) => offered.has(name)) ?? false,
  });
  wss.on('connection', (socket, request) => {
    const stream = createMqttWebSocketStream(socket);
    // The stream re-emits socket errors; aedes listens once it takes the stream, this covers the gap.
    stream.on('error', () => {});
    accept(stream, request.socket.remoteAddress, request);
  });
  // The http server's own errors (EADDRINUSE) are handled by whoever listens; ws re-emits them here.
  wss.on('error', () => {});
  return server;
}
