import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { PassThrough, type Duplex } from 'node:stream';
import { Aedes } from 'aedes';
import { Redis } from 'ioredis';
import createRedisEmitter from 'mqemitter-redis';
import { WebSocket, WebSocketServer, createWebSocketStream } from 'ws';
import { ACTIVITY_FEED_INTERNALS } from '../../../src/node/broker/activity-feed.js';
import { CLUSTER_BUS_INTERNALS } from '../../../src/node/broker/cluster-bus.js';
import { DELIVERY_QOS_INTERNALS } from '../../../src/node/broker/delivery-qos.js';
import type { InternalMember, InternalOwner } from '../../../src/node/broker/internals.js';
import { PACKET_LIMIT_INTERNALS } from '../../../src/node/broker/packet-limit.js';
import { PERSISTENCE_ORDER_INTERNALS } from '../../../src/node/broker/persistence-order.js';
import { POLICED_AEDES_INTERNALS } from '../../../src/node/broker/policed-aedes.js';
import { SESSION_RESUME_INTERNALS } from '../../../src/node/broker/session-resume.js';
import { WEBSOCKET_STREAM_INTERNALS } from '../../../src/node/broker/websocket-stream.js';

const require = createRequire(import.meta.url);

/** `name@version` as installed; aedes' exports hide its package.json from require. */
function version(name: string): string {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (json.name === name) return `${name}@${json.version}`;
  }
  return name;
}

/** Every list of internals, by the module that relies on them. */
const LISTS: Record<string, readonly InternalMember[]> = {
  'src/node/broker/policed-aedes.ts': POLICED_AEDES_INTERNALS,
  'src/node/broker/delivery-qos.ts': DELIVERY_QOS_INTERNALS,
  'src/node/broker/persistence-order.ts': PERSISTENCE_ORDER_INTERNALS,
  'src/node/broker/packet-limit.ts': PACKET_LIMIT_INTERNALS,
  'src/node/broker/websocket-stream.ts': WEBSOCKET_STREAM_INTERNALS,
  'src/node/broker/activity-feed.ts': ACTIVITY_FEED_INTERNALS,
  'src/node/broker/session-resume.ts': SESSION_RESUME_INTERNALS,
  'src/node/broker/cluster-bus.ts': CLUSTER_BUS_INTERNALS,
};

// Plain aedes, not the kit's broker: what is checked is the package the hooks go into.
const aedes = new Aedes();
const connection = new PassThrough();
const client = aedes.handle(connection) as unknown as Record<string, unknown>;
// Connections that are never opened (lazyConnect): the emitter's shape is all that is read.
const redisConnections = [new Redis({ lazyConnect: true }), new Redis({ lazyConnect: true })] as const;
const redisEmitter = createRedisEmitter({ pubConn: redisConnections[0], subConn: redisConnections[1] });

// ws' stream over a real loopback connection, as createMqttWebSocketStream receives it.
let server: WebSocketServer;
let peer: WebSocket;
let stream: Duplex;
beforeAll(async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  peer = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const [socket] = await Promise.all([accepted, new Promise((resolve) => peer.once('open', resolve))]);
  stream = createWebSocketStream(socket);
});

afterAll(async () => {
  connection.destroy();
  for (const redis of redisConnections) redis.disconnect();
  stream?.destroy();
  peer?.terminate();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await new Promise<void>((resolve) => aedes.close(() => resolve()));
});

/**
 * Where each owner is found, and by which package. `own`: the member must be the
 * package's own, not a default inherited from Node (ws' stream is a Duplex, whose
 * prototype has a `_write` that only throws).
 */
const OWNERS: Record<InternalOwner, { of: () => object; from: string; own?: boolean }> = {
  'Aedes.prototype': { of: () => Aedes.prototype, from: 'aedes' },
  'an aedes instance': { of: () => aedes, from: 'aedes', own: true },
  'an aedes client': { of: () => client, from: 'aedes', own: true },
  "an aedes client's parser": { of: () => client._parser as object, from: 'mqtt-packet' },
  "ws' WebSocket stream": { of: () => stream, from: 'ws', own: true },
  'an mqemitter-redis emitter': { of: () => redisEmitter, from: 'mqemitter-redis' },
};

function describeShape(shape: number | 'object'): string {
  return shape === 'object' ? 'an object' : `a function of ${shape} parameter${shape === 1 ? '' : 's'}`;
}

/** What the installed packages lack of `lists`, one readable line each. */
function missing(lists: Record<string, readonly InternalMember[]>): string[] {
  const problems: string[] = [];
  for (const [file, members] of Object.entries(lists)) {
    for (const { on, name, shape } of members) {
      const owner = OWNERS[on];
      const target = owner.of() as Record<string, unknown> | undefined;
      const value = target?.[name];
      let found: string;
      if (!target || value === undefined || (owner.own && !Object.hasOwn(target, name))) found = 'none';
      else if (typeof value === 'function') found = describeShape(value.length);
      else found = typeof value === 'object' && value !== null ? describeShape('object') : typeof value;
      if (found !== describeShape(shape)) {
        problems.push(`${file} relies on '${name}' of ${on}, ${describeShape(shape)}; ${version(owner.from)} has ${found}`);
      }
    }
  }
  return problems;
}

describe('the aedes internals the broker hooks into', () => {
  it('are all in the installed aedes, mqtt-packet and ws, with the shapes the hooks expect', () => {
    expect(missing(LISTS), 'update the module named, and its list, for this release').toEqual([]);
  });

  it('names the module and the member when one is gone or changed', () => {
    expect(
      missing({
        'delivery-qos.ts': [{ on: 'an aedes client', name: 'deliverQoS0', shape: 2 }],
        'policed-aedes.ts': [{ on: 'Aedes.prototype', name: 'publish', shape: 2 }],
        'websocket-stream.ts': [{ on: "ws' WebSocket stream", name: '_writev', shape: 2 }],
      }),
    ).toEqual([
      `delivery-qos.ts relies on 'deliverQoS0' of an aedes client, a function of 2 parameters; ${version('aedes')} has none`,
      `policed-aedes.ts relies on 'publish' of Aedes.prototype, a function of 2 parameters; ${version('aedes')} has a function of 3 parameters`,
      // Duplex.prototype has one, but not ws' own.
      `websocket-stream.ts relies on '_writev' of ws' WebSocket stream, a function of 2 parameters; ${version('ws')} has none`,
    ]);
  });
});
