import type { Client } from 'aedes';
import type { InternalMember } from './internals.js';

/** The slice of aedes' per-client parser (mqtt-packet) this guard needs. */
interface PacketParser {
  _parseLength(): boolean;
  packet: { length: number };
}

/** `PacketParser` and where it hangs, as a list checked against the installed aedes. */
export const PACKET_LIMIT_INTERNALS: readonly InternalMember[] = [
  { on: 'an aedes client', name: '_parser', shape: 'object' },
  { on: "an aedes client's parser", name: '_parseLength', shape: 0 },
  { on: "an aedes client's parser", name: 'packet', shape: 'object' },
];

/**
 * Closes a connection whose next packet declares more than `maxBytes`, as soon as its
 * header arrives. mqtt-packet otherwise buffers a packet up to its declared length
 * (MQTT allows 256 MB) before the broker's payload limit can look at it, so one client
 * could make the broker hold hundreds of megabytes. aedes offers no hook before parsing,
 * so this wraps the parser's length step — an internal: if aedes or mqtt-packet renames
 * it, this guard would quietly do nothing, so test/node/broker/internals.test.ts fails.
 */
export function limitPacketSize(client: Client, maxBytes: number, onTooBig: (declared: number) => void): void {
  const parser = (client as unknown as { _parser?: Partial<PacketParser> })._parser;
  if (!parser || typeof parser._parseLength !== 'function') return;
  const parseLength = parser._parseLength.bind(parser);
  parser._parseLength = () => {
    const complete = parseLength();
    const declared = parser.packet?.length ?? 0;
    if (!complete || declared <= maxBytes) return complete;
    onTooBig(declared);
    // Stop here: the parser waits for bytes that will never be read.
    client.conn.destroy();
    return false;
  };
}
