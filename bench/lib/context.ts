import mqtt from 'mqtt';
import type { Browser } from 'playwright-core';
import type { Cleanup } from './cleanup.js';
import { startBrowser, startSites, type PageWeight, type Sites } from './pages.js';
import { Publisher } from './publisher.js';

/** What a scenario gets: its own cleanup, things shared by all scenarios, and the flags. */
export interface BenchContext {
  /** Closed when this scenario ends, however it ends. */
  cleanup: Cleanup;
  shared: Shared;
  /** `--long`: the memory scenario runs 10 minutes. */
  long: boolean;
  /** Progress lines, on stderr so stdout stays the report. */
  log(line: string): void;
}

/**
 * Costly things several scenarios use, started on first use (so `--only startup` builds
 * nothing) and closed when the bench ends.
 */
export class Shared {
  #sites?: Promise<Sites>;
  #browser?: Promise<Browser>;
  #publisher?: Publisher;
  /** Page weights recorded whenever a scenario opens a sketch page, by `wiring/sketch`. */
  readonly weights = new Map<string, PageWeight>();

  constructor(private readonly cleanup: Cleanup) {}

  sites(): Promise<Sites> {
    return (this.#sites ??= startSites(this.cleanup));
  }

  browser(): Promise<Browser> {
    return (this.#browser ??= startBrowser(this.cleanup));
  }

  publisher(): Publisher {
    return (this.#publisher ??= this.cleanup.add(new Publisher(), 'the flood publisher', (p) => p.close()));
  }
}

/** A plain MQTT.js client in this process, over TCP, as public/public. */
export async function connectNodeClient(url: string, cleanup: Cleanup): Promise<mqtt.MqttClient> {
  const client = await mqtt.connectAsync(url, { username: 'public', password: 'public', reconnectPeriod: 0, connectTimeout: 5000 });
  return cleanup.add(client, 'an MQTT client', (c) => c.endAsync(true));
}
