// The kit's embedded broker in a process of its own, as `npm start` runs it: its CPU is
// its own, and if it crashes under load the bench lives on to report it. Started by kit-broker.ts.
import { createBroker, type BrokerOptions } from '../../src/node/broker/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as BrokerOptions;
const broker = await createBroker({ tcpPort: 0, wsPort: 0, logLevel: 'quiet', ...options });
process.send?.({ tcpPort: broker.tcpPort, wsPort: broker.wsPort });
// The parent going away (even killed) closes the IPC channel: close and leave with it.
process.on('disconnect', () => {
  void broker.close().finally(() => process.exit(0));
});
