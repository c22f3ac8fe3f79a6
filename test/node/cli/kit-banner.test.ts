import { describe, expect, it } from 'vitest';
import { brokerSetupFromFlags, parseBrokerFlags } from '../../../src/node/broker/index.js';
import { describeKit, type KitReport } from '../../../src/node/cli/kit-banner.js';

async function report(overrides: Partial<KitReport> = {}, argv: string[] = []): Promise<string> {
  const kit: KitReport = {
    broker: { host: '127.0.0.1', tcpPort: 1883, wsPort: 9001 },
    setup: await brokerSetupFromFlags(parseBrokerFlags(argv), { MQTT_ADMIN_PASSWORD: 'x' }),
    pages: [{ name: 'hello', href: 'sketches/hello/' }],
    pagePort: 5173,
    bot: { state: 'off' },
    ...overrides,
  };
  return describeKit(kit).join('\n');
}

describe("npm start's banner", () => {
  it('says the bot runs only once it has connected, and says why when it was refused', async () => {
    expect(await report({ bot: { state: 'running', clientId: 'kit-bot', topics: ['temperatura', 'umidade'], interval: 3000 } }))
      .toContain("Sensor bot   running as 'kit-bot': temperatura, umidade every 3 s");
    const refused = await report({ bot: { state: 'refused', reason: 'the broker refused the user name or password' } });
    expect(refused).toContain('Sensor bot   NOT running: the broker refused the user name or password');
    expect(refused).not.toMatch(/running as/);
    expect(await report({ bot: { state: 'connecting', status: 'connecting to mqtt://127.0.0.1:1883' } }))
      .toContain('Sensor bot   not connected yet (connecting to mqtt://127.0.0.1:1883)');
    expect(await report()).toContain('Sensor bot   off');
  });

  it('says so when the pages moved off the default port', async () => {
    const moved = await report({ pagePort: 5174, pagesMoved: 'port 5173 is in use by node (pid 42), so they are on 5174' });
    expect(moved).toContain('Sketch pages (port 5173 is in use by node (pid 42), so they are on 5174):');
    expect(moved).toContain('hello      http://127.0.0.1:5174/sketches/hello/');
    expect(moved).toMatch(/^Ready: http:\/\/127\.0\.0\.1:5174\//m);
  });
});
