// npm run broker -- [flags]: the kit's MQTT broker on its own. See BROKER_USAGE for the flags.
import { explainFlagError, usageErrorText } from '../broker/flag-suggestions.js';
import { describeBroker } from '../broker/banner.js';
import { createBroker } from '../broker/index.js';
import { BROKER_USAGE, FlagError, parseBrokerFlags } from '../broker/flags.js';
import { brokerSetupFromFlags } from '../broker/setup.js';
import { onShutdown } from './shutdown.js';

async function main(argv: string[]): Promise<void> {
  let flags;
  try {
    flags = parseBrokerFlags(argv);
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    console.error(usageErrorText(error.message, BROKER_USAGE, 'npm run broker -- --help'));
    process.exit(2);
  }
  if (flags.help) {
    console.log(BROKER_USAGE);
    return;
  }
  const setup = await brokerSetupFromFlags(flags);
  const broker = await createBroker(setup.options);
  // Before "Press Ctrl-C" is printed: a Ctrl-C right after it must find the handler in place
  // (a test on a loaded machine sent one in the gap and killed the broker without closing it).
  onShutdown(async () => {
    console.log('\nClosing the broker…');
    await broker.close();
  });
  for (const line of describeBroker(broker, setup)) console.log(line);
  console.log('\nPress Ctrl-C to stop.');
}

main(process.argv.slice(2)).catch((error: Error) => {
  // Expected failures (bad profiles file, unreadable certificate, no free port) carry a readable message.
  console.error(error.message);
  process.exit(1);
});
