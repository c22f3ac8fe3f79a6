// The HTTP bridge in a process of its own, as `npm run bridge -- http` runs it: its CPU is
// its own, apart from the broker's and the load's. Started by http-bridge.ts.
import { startHttpBridge } from '../../src/node/bridges/http.js';

const bridge = await startHttpBridge({ url: process.argv[2]!, port: 0, logLevel: 'quiet' });
const outcome = await bridge.ready;
if (!outcome.ok) throw new Error(outcome.reason);
process.send?.({ port: bridge.port });
// The parent going away (even killed) closes the IPC channel: close and leave with it.
process.on('disconnect', () => {
  void bridge.close().finally(() => process.exit(0));
});
