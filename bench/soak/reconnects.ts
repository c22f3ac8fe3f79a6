import type { MqttClient } from '../../src/mqtt/client.js';

/** Counts `name`'s falls into 'reconnecting' (not each retry) in `by[name]`. */
export function countReconnects(by: Record<string, number>, name: string, client: MqttClient): void {
  by[name] = 0;
  let previous = client.status;
  client.on('status', ({ status }) => {
    if (status === 'reconnecting' && previous !== 'reconnecting') by[name]!++;
    previous = status;
  });
}
