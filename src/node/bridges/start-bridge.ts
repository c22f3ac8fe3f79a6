import type { BrokerLog } from '../broker/log.js';
import { FlagError } from '../broker/flags.js';
import type { LinkOutcome } from './broker-link.js';
import { BRIDGE_KINDS, type BridgeFlags, type BridgeKind } from './flags.js';
import { startHttpBridge } from './http.js';
import { DEFAULT_OSC_IN_PORT, OscBridgeError, startOscBridge } from './osc.js';
import type { KnownProfiles } from './publish-rights.js';
import { startSerialBridge } from './serial.js';

/** A bridge that is running, whatever its kind, with words for the terminal. */
export interface StartedBridge {
  kind: BridgeKind;
  /** Where it listens or reads, e.g. 'http://127.0.0.1:8080'. */
  where: string;
  /** A line to copy and try it with. */
  example: string;
  ready: Promise<LinkOutcome>;
  close(): Promise<void>;
}

export interface BridgeContext {
  /** The broker URL, when the flags don't give one. */
  url: string;
  /** The broker's profiles, for the HTTP bridge's 403 (see mayPublish). */
  known?: KnownProfiles;
  log?: BrokerLog;
}

/**
 * Starts one bridge from its parsed flags.
 *
 * @example
 * const bridge = await startBridge(parseBridgeFlags(['http']) as BridgeFlags, { url: 'mqtt://127.0.0.1:1883' });
 */
export async function startBridge(flags: BridgeFlags, context: BridgeContext): Promise<StartedBridge> {
  const url = flags.url ?? context.url;
  const common = { url, logLevel: flags.logLevel, ...(context.log ? { log: context.log } : {}) };
  switch (flags.kind) {
    case 'http': {
      const bridge = await startHttpBridge({
        ...common,
        lan: flags.lan,
        ...(flags.port === undefined ? {} : { port: flags.port }),
        ...(context.known ? { known: context.known } : {}),
        ...(flags.maxBodyBytes === undefined ? {} : { maxBodyBytes: flags.maxBodyBytes }),
        ...(flags.sseBufferBytes === undefined ? {} : { sseBufferBytes: flags.sseBufferBytes }),
        ...(flags.maxStreams === undefined ? {} : { maxStreams: flags.maxStreams }),
        ...(flags.allowOrigins ? { allowOrigins: flags.allowOrigins } : {}),
      });
      return { kind: 'http', where: bridge.url, example: `curl -d 23.5 ${bridge.url}/publish/temperatura`, ready: bridge.ready, close: () => bridge.close() };
    }
    case 'osc': {
      const bridge = await startOscBridge({
        ...common,
        lan: flags.lan,
        ...(flags.inPort === undefined ? {} : { inPort: flags.inPort }),
        ...(flags.out ? { out: flags.out } : {}),
        ...(flags.topics ? { topics: flags.topics } : {}),
      });
      const out = flags.out ? `; ${(flags.topics ?? ['#']).join(', ')} → OSC to ${flags.out.host}:${flags.out.port}` : '';
      return {
        kind: 'osc',
        where: `udp://${bridge.host === '0.0.0.0' ? '127.0.0.1' : bridge.host}:${bridge.inPort}${out}`,
        example: `send the OSC message /temperatura 23.5 to UDP port ${bridge.inPort}: it is published as 23.5 on temperatura`,
        ready: bridge.ready,
        close: () => bridge.close(),
      };
    }
    case 'serial': {
      if (!flags.path) throw new FlagError('the serial bridge needs --port PATH: npm run bridge -- serial --port /dev/ttyACM0');
      const bridge = await startSerialBridge({ ...common, path: flags.path, ...(flags.baudRate === undefined ? {} : { baudRate: flags.baudRate }) });
      return { kind: 'serial', where: `${flags.path} at ${flags.baudRate ?? 9600} baud`, example: 'Serial.println("temperatura:23.5"); on the board', ready: bridge.ready, close: () => bridge.close() };
    }
  }
}

/**
 * `npm start -- --bridge http,osc`: the kinds named, each with its defaults (run
 * `npm run bridge` beside npm start for other settings). Serial needs a port, so it is
 * `npm run bridge -- serial --port …` only.
 */
export function parseBridgeList(text: string): ('http' | 'osc')[] {
  const kinds = [...new Set(text.split(',').map((k) => k.trim()).filter(Boolean))];
  if (kinds.length === 0) throw new FlagError(`--bridge needs a kind: --bridge http,osc`);
  for (const kind of kinds) {
    if (kind === 'serial') throw new FlagError('--bridge serial needs a port; run it beside npm start: npm run bridge -- serial --port /dev/ttyACM0');
    if (!(BRIDGE_KINDS as readonly string[]).includes(kind)) throw new FlagError(`--bridge: unknown bridge '${kind}'; choose http, osc`);
  }
  return kinds as ('http' | 'osc')[];
}

/**
 * Starts `npm start`'s bridges next to its broker, as anonymous clients (the `public`
 * profile) unless a request logs in; returns the banner's lines and how to stop them all.
 * An OSC port another program holds leaves the class's broker and pages running: the banner
 * says the bridge did not start and how to run it beside npm start on another port (`--in`
 * is `npm run bridge`'s flag, not npm start's). Anything else stops npm start with its
 * reason, as a taken broker port does.
 */
export async function startKitBridges(
  kinds: readonly ('http' | 'osc')[],
  context: BridgeContext & { lan: boolean; logLevel: BridgeFlags['logLevel'] },
): Promise<{ lines: string[]; close(): Promise<void> }> {
  const started: StartedBridge[] = [];
  const notStarted: string[] = [];
  const close = async () => {
    for (const bridge of started.reverse()) await bridge.close().catch(() => {});
  };
  try {
    for (const kind of kinds) {
      try {
        started.push(await startBridge({ kind, lan: context.lan, logLevel: context.logLevel, help: false }, context));
      } catch (error) {
        if (!(error instanceof OscBridgeError && error.reason)) throw error;
        notStarted.push(`  osc    NOT started: ${error.reason}`, `         Stop that program, or run the bridge beside npm start on another port: npm run bridge -- osc --in ${DEFAULT_OSC_IN_PORT + 100}`);
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  const lines = ['Bridges:', ...notStarted];
  for (const bridge of started) {
    const outcome = await bridge.ready;
    const state = outcome.ok ? '' : `   NOT connected to the broker: ${outcome.reason}`;
    lines.push(`  ${bridge.kind.padEnd(6)} ${bridge.where}${state}`, `         ${bridge.example}`);
  }
  return { lines, close };
}
