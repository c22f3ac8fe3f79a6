import type { FanOutRequest, FanOutResult } from './broker-clients.js';
import { ChildTask } from './child.js';
import type { Cleanup } from './cleanup.js';

/** The broker scenarios' MQTT.js clients (broker-clients.ts) in a process of their own, stopped with the scenario. */
export function startFanOutClients(cleanup: Cleanup): ChildTask<FanOutRequest, FanOutResult> {
  return cleanup.add(
    new ChildTask<FanOutRequest, FanOutResult>(new URL('./broker-clients.ts', import.meta.url)),
    'the broker clients process',
    (task) => task.close(),
  );
}
