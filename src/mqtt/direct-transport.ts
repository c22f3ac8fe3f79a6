import { Buffer } from 'buffer';
import mqtt from 'mqtt';
import type { IClientOptions, MqttClient as MqttJsClient } from 'mqtt';
import { HELD_FULL, type Transport, type TransportCommand, type TransportConfig, type TransportEvent, type WireWill } from './transport.js';
import { KickLoopDetector } from './kick-loop.js';
import { MAX_HELD_PUBLISHES } from './defaults.js';
import { serverInUse, toMqttServer, type BrokerServer } from './broker-list.js';
import { describeStatus, refusalReason, type StatusReason } from './status-text.js';

/**
 * Runs MQTT.js on the current thread. Node uses it directly; in a browser it runs inside
 * the Web Worker. MQTT.js does the protocol, keepalive, QoS and resubscription; this
 * adds what a sketch needs on top: readable status, jittered backoff, and no retry storm
 * when the broker refuses our credentials.
 */
export class DirectTransport implements Transport {
  onEvent: (event: TransportEvent) => void = () => {};
  #client: MqttJsClient | undefined;
  #config: TransportConfig | undefined;
  #attempt = 0;
  #everConnected = false;
  #connected = false;
  #refused = false;
  #toldUnreachable = false;
  /** Why the last attempt failed, when the broker said so (a refusal we retry): kept over "Is the broker running?". */
  #refusal: StatusReason | undefined;
  /**
   * Another client takes our id and `forever` keeps us trying: every attempt waits the
   * longest backoff, and the status keeps saying why (this text).
   */
  #slow: StatusReason | undefined;
  #upAt = 0;
  #afterReconnect: TransportCommand[] = [];
  #kicks = new KickLoopDetector();
  /** QoS 1/2 publishes MQTT.js holds, not yet acknowledged (or failed). */
  #held = 0;

  send(command: TransportCommand): void {
    switch (command.type) {
      case 'start':
        return this.#start(command.config);
      case 'publish': {
        const { id, topic, payload, qos, retain } = command;
        if (!this.#client) return this.#done(id, 'not started');
        if (qos === 0 && !this.#connected) return this.#done(id, 'offline');
        if (qos === 0) return void this.#client.publish(topic, toBuffer(payload), { qos, retain }, (error) => this.#done(id, error?.message));
        if (!this.#connected && this.#held >= MAX_HELD_PUBLISHES) return this.#done(id, HELD_FULL);
        this.#held++;
        this.#client.publish(topic, toBuffer(payload), { qos, retain }, (error) => {
          this.#held--;
          this.#done(id, error?.message);
        });
        return;
      }
      case 'subscribe': {
        const { id, filter, qos } = command;
        if (!this.#client) return this.#done(id, 'not started');
        this.#client.subscribe(filter, { qos }, (error, granted) => {
          // 0x80 in a SUBACK is the broker saying no (e.g. a profile without that permission);
          // MQTT.js reports it as an error carrying the SUBACK, or as a grant of 128.
          const suback = (error as { packet?: { granted?: unknown[] } } | undefined)?.packet;
          const code = granted?.[0]?.qos;
          if (suback?.granted?.includes(128) || (!error && code === 128)) return this.#done(id, 'refused by the broker (not allowed for this user?)');
          // Lost with the connection: MQTT.js resubscribes on reconnect, and so do we, so
          // the caller hears of the broker's answer instead of a transient failure.
          if (error && !this.#connected && !this.#refused) return void this.#afterReconnect.push(command);
          this.onEvent({ type: 'done', id, ...(error ? { error: error.message } : {}), ...(code === undefined ? {} : { granted: code }) });
        });
        return;
      }
      case 'unsubscribe': {
        const { id, filter } = command;
        if (!this.#client) return this.#done(id, 'not started');
        this.#client.unsubscribe(filter, (error) => this.#done(id, error?.message));
        return;
      }
      case 'will':
        if (this.#config) this.#config.will = command.will;
        if (this.#client) this.#client.options.will = toMqttWill(command.will);
        return;
      case 'reconnect':
        this.#refused = false;
        this.#slow = undefined;
        this.#attempt = 0;
        this.#kicks.reset();
        this.#client?.reconnect();
        return;
      case 'stop':
        return this.#stop(command.id);
    }
  }

  #start(config: TransportConfig): void {
    this.#config = config;
    this.#status('connecting', { code: 'connecting', display: config.display });
    const options: IClientOptions = {
      clientId: config.clientId,
      clean: config.clean,
      keepalive: config.keepalive,
      connectTimeout: config.connectTimeout,
      reconnectPeriod: config.reconnect ? this.#nextDelay() : 0,
      // A QoS 0 message is a "now" message: replaying a backlog of them after a reconnect
      // would flood the broker with stale key presses. QoS 1/2 are queued as MQTT.js does.
      queueQoSZero: false,
      protocolVersion: 4,
      // MQTT.js stops after a refused CONNACK unless told otherwise; we still stop ourselves
      // for refused credentials (giveUp), which no retry can fix.
      ...(config.reconnect?.forever ? { reconnectOnConnackError: true } : {}),
      ...(config.username === undefined ? {} : { username: config.username }),
      ...(config.password === undefined ? {} : { password: config.password }),
      ...(config.will ? { will: toMqttWill(config.will) } : {}),
      ...(config.servers ? serverOptions(config.servers) : {}),
    };
    const client = mqtt.connect(config.url, options);
    this.#client = client;
    // With several brokers, the one in use (or the next one tried); otherwise the only one.
    const where = (ahead = 0) => {
      const servers = config.servers;
      const current = servers && serverInUse(servers, client.options);
      if (!servers || !current) return config.display;
      return servers[(servers.indexOf(current) + ahead) % servers.length]!.display;
    };
    const up = (sessionPresent: boolean) => {
      if (this.#connected) return;
      this.#attempt = 0;
      this.#toldUnreachable = false;
      this.#refusal = undefined;
      this.#connected = true;
      this.#everConnected = true;
      this.#upAt = Date.now();
      this.#kicks.connected();
      if (config.reconnect) client.options.reconnectPeriod = this.#nextDelay();
      this.#status('connected', { code: 'connected', where: where(), clientId: config.clientId });
      this.onEvent({ type: 'connected', sessionPresent });
    };
    // MQTT.js says 'connect' only after re-sending every QoS 1/2 message queued while
    // offline (seconds for a long queue); the broker's CONNACK is when we are up.
    client.on('packetreceive', (packet) => {
      if (packet.cmd !== 'connack' || (packet.returnCode ?? packet.reasonCode ?? 0) !== 0) return;
      const sessionPresent = Boolean(packet.sessionPresent);
      // After MQTT.js has handled the CONNACK, so a publish made on 'connected' goes out.
      queueMicrotask(() => up(sessionPresent));
    });
    client.on('connect', (connack) => {
      up(Boolean(connack.sessionPresent));
      for (const command of this.#afterReconnect.splice(0)) this.send(command);
    });
    client.on('message', (topic, payload, packet) => {
      this.onEvent({
        type: 'messages',
        messages: [{ topic, payload: new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength), qos: packet.qos, retained: packet.retain }],
      });
    });
    client.on('reconnect', () => {
      this.#attempt++;
      // MQTT.js schedules the attempt after this one with whatever period is set now.
      if (config.reconnect) client.options.reconnectPeriod = this.#nextDelay();
      // MQTT.js moves to the next of several brokers for this attempt.
      this.#status('reconnecting', { code: 'reconnecting', where: where(1), attempt: this.#attempt });
    });
    client.on('close', () => {
      if (this.#refused || client.disconnecting || client.disconnected) return;
      const wasConnected = this.#connected;
      this.#connected = false;
      if (wasConnected) this.onEvent({ type: 'lost', reason: `Connection to ${where()} lost` });
      if (wasConnected && Date.now() - this.#upAt > STABLE_MS) this.#slow = undefined;
      // Only an id the user chose can be shared; with a random one, early closes are the
      // network's doing and reconnecting (with backoff) is the right answer.
      if (wasConnected && this.#kicks.closed() && config.idChosen) {
        // Fighting on would only keep both sketches flapping: stop and say why, or, for a
        // piece that must never stop, say why and fight at the slowest pace.
        if (!config.reconnect?.forever) return this.#giveUp({ code: 'kick-loop', display: config.display, clientId: config.clientId });
        this.#slow = { code: 'kick-loop', display: config.display, clientId: config.clientId, retryEveryMs: config.reconnect.max };
        this.#status('reconnecting', this.#slow);
        return this.onEvent({ type: 'error', message: describeStatus(this.#slow) });
      }
      if (!config.reconnect) {
        this.#status('offline', { code: 'disconnected', display: config.display });
      } else if (!wasConnected) {
        const reason: StatusReason = this.#refusal ?? {
          code: 'unreachable', display: config.display, everConnected: this.#everConnected,
          ...(config.unreachableHint ? { hint: config.unreachableHint } : {}), ...(config.remote ? { remote: true } : {}),
        };
        this.#status('reconnecting', reason);
        // Said once per outage, not once per attempt.
        if (!this.#toldUnreachable) this.onEvent({ type: 'error', message: describeStatus(reason) });
        this.#toldUnreachable = true;
      } else {
        this.#status('reconnecting', this.#slow ?? { code: 'lost', where: where() });
      }
    });
    client.on('error', (error) => {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'number' && code > 0) {
        // A refused CONNACK: retrying with the same credentials cannot succeed, and a
        // retry storm gets a classroom's shared IP banned. Stop and say what to check.
        // `forever` retries the other refusals: a broker restarting says "unavailable".
        // The close that follows says it, as it says an unreachable broker.
        if (!config.reconnect?.forever || CREDENTIAL_REFUSALS.has(code)) return this.#giveUp(refusalReason(code, config));
        this.#refusal = refusalReason(code, config, true);
        return;
      }
      // Socket errors (refused, reset, timed out) are what the status text already says.
      if (typeof code === 'string' && NETWORK_ERRORS.has(code)) return;
      this.onEvent({ type: 'error', message: `${config.display}: ${error.message}` });
    });
  }

  /** Stops reconnecting for good (until `reconnect()`), with the reason as status and error. */
  #giveUp(reason: StatusReason): void {
    this.#refused = true;
    this.#connected = false;
    this.#client?.end(true);
    this.#status('error', reason);
    this.onEvent({ type: 'error', message: describeStatus(reason) });
  }

  #stop(id: number): void {
    const client = this.#client;
    this.#client = undefined;
    const finish = () => {
      this.#connected = false;
      if (!this.#refused && this.#config) this.#status('offline', { code: 'disconnected', display: this.#config.display });
      this.#done(id);
    };
    if (!client) return finish();
    // Not forced when connected, so QoS 1 messages already handed over are flushed and
    // the broker sees a DISCONNECT (no will); forced when the socket is not up anyway.
    client.end(!client.connected, {}, finish);
  }

  /** Capped exponential backoff with jitter, so a classroom of sketches doesn't reconnect in lockstep. */
  #nextDelay(): number {
    const { min, max } = this.#config?.reconnect ?? { min: 1000, max: 10000 };
    if (this.#slow !== undefined) return max;
    const ceiling = Math.min(max, min * 2 ** this.#attempt);
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  #status(status: Extract<TransportEvent, { type: 'status' }>['status'], reason: StatusReason): void {
    this.onEvent({ type: 'status', status, text: describeStatus(reason), reason });
  }

  #done(id: number, error?: string): void {
    this.onEvent(error ? { type: 'done', id, error } : { type: 'done', id });
  }
}

/** CONNACK codes 4 and 5: the user name or password. Only a person can fix those. */
const CREDENTIAL_REFUSALS = new Set([4, 5]);
/** A connection that lasts this long means the fight over our id is over. */
const STABLE_MS = 60_000;

const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * MQTT.js takes the next of `servers` for every connection attempt, but keeps the first
 * URL's WebSocket path: each server's own path is put back into its URL here.
 */
function serverOptions(servers: BrokerServer[]): Pick<IClientOptions, 'servers' | 'transformWsUrl'> {
  return {
    servers: servers.map(toMqttServer),
    transformWsUrl: (url, options) => {
      const server = serverInUse(servers, options);
      return server ? `${server.protocol}://${server.host}:${server.port}${server.path}` : url;
    },
  };
}

function toBuffer(bytes: Uint8Array): Buffer {
  // MQTT.js wants a Buffer: Node's own, or in a browser the `buffer` package it bundles too.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toMqttWill(will: WireWill | undefined): IClientOptions['will'] {
  if (!will) return undefined;
  return { topic: will.topic, payload: toBuffer(will.payload), qos: will.qos, retain: will.retain };
}
