import type { Client } from 'aedes';

/** The slice of aedes' per-client parser (mqtt-packet) this guard needs. */
interface PacketParser {
  _parseLength(): boolean;
  packet: { length: number };
}

/**
 * Closes a connection whose next packet declares more than `maxBytes`, as soon as its
 * header arrives. mqtt-packet otherwise buffers a packet up to its declared length
 * (MQTT allows 256 MB) before the broker's payload limit can look at it, so one client
 * could make the broker hold hundreds of megabytes. aedes offers no hook before parsing,
 * so this wraps the parser's length step — an internal, which the broker tests cover:
 * if aedes renames it, they fail.
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
