import { describe, expect, it } from 'vitest';
import { brokerSetupFromFlags, parseBrokerFlags, type Profile } from '../../../src/node/broker/index.js';
import type { BrokerSetup } from '../../../src/node/broker/setup.js';
import { describeKit, type KitReport } from '../../../src/node/cli/kit-banner.js';
import { qrTerminal } from '../../../src/kit/qr-code.js';

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

  it('gives other computers the LAN address of every page, and of the gallery in the Ready line', async () => {
    const lan = await report({ lanAddresses: ['192.168.1.23', '172.17.0.1'] }, ['--lan']);
    expect(lan).toContain('Sketch pages for other computers on the network:\n  gallery    http://192.168.1.23:5173/\n  inspector  http://192.168.1.23:5173/inspector/\n  serial     http://192.168.1.23:5173/serial/\n  class      http://192.168.1.23:5173/class/\n  hello      http://192.168.1.23:5173/sketches/hello/\n');
    expect(lan).toContain('  also       http://172.17.0.1:5173/   (another network of this computer)');
    expect(lan).toMatch(/^Ready: http:\/\/127\.0\.0\.1:5173\/ {2}\(other computers: http:\/\/192\.168\.1\.23:5173\/\)/m);
    // The hints are for other machines too, so they name this one by its LAN address.
    expect(lan).toContain('client.connect("mqtt://public:public@192.168.1.23:1883", "processing");');
    expect(lan).toContain('mosquitto_sub -h 192.168.1.23 -p 1883 -u public -P public');
    const none = await report({ lanAddresses: [] }, ['--lan']);
    expect(none).toContain('Sketch pages for other computers on the network:\n  (no network address found; is this computer on a network?)');
    expect(none).toMatch(/^Ready: http:\/\/127\.0\.0\.1:5173\/ {2}— press/m);
    const local = await report();
    expect(local).not.toContain('other computers');
    expect(local).toContain('client.connect("mqtt://public:public@localhost:1883", "processing");');
  });

  it("prints the 'public' password the kit knows, and a placeholder where it does not", async () => {
    const fromFile = (profiles: Profile[]): BrokerSetup => ({ options: { profiles }, profilesSource: 'turma.json' });
    const rights = { publish: ['#'], subscribe: ['#'] };
    const changed = await report({ setup: fromFile([{ username: 'public', password: "giz d'água", ...rights }]) });
    expect(changed).toContain('client.connect("mqtt://public:giz%20d\'%C3%A1gua@localhost:1883", "processing");');
    expect(changed).toContain("mosquitto_sub -h localhost -p 1883 -u public -P 'giz d'\\''água' -t '#' -v");
    const hashed = await report({ setup: fromFile([{ username: 'public', password: `scrypt:${'00'.repeat(16)}:${'11'.repeat(32)}`, ...rights }]) });
    expect(hashed).toContain('client.connect("mqtt://public:<password>@localhost:1883", "processing");');
    expect(hashed).toContain("-u public -P <password> -t '#' -v\n               (turma.json keeps only a hash of the password of 'public')");
    const noPublic = await report({ setup: fromFile([{ username: 'teacher', password: 'chalk', ...rights }]) });
    expect(noPublic).toContain('client.connect("mqtt://<user>:<password>@localhost:1883", "processing");');
    expect(noPublic).toContain('(a user name and password from turma.json)');
    for (const text of [changed, hashed, noPublic]) expect(text).not.toContain('public:public');
  });

  it("with --lan, shows a QR code of the gallery's network address for phones, and none without", async () => {
    const gallery = 'http://192.168.1.23:5173/';
    const lan = await report({ lanAddresses: ['192.168.1.23', '172.17.0.1'] }, ['--lan']);
    const block = qrTerminal(gallery).map((line) => `  ${line}`).join('\n');
    expect(lan).toContain(`The gallery on a phone (same network), scan: ${gallery}\n${block}\n`);
    // Only the first network's: one code to scan, the one the Ready line names.
    expect(lan.match(/scan:/g)).toHaveLength(1);
    const coloured = await report({ lanAddresses: ['192.168.1.23'], colour: true }, ['--lan']);
    expect(coloured).toContain(qrTerminal(gallery, { colour: true }).map((line) => `  ${line}`).join('\n'));
    const blocks = /[█▀▄]/;
    expect(await report()).not.toMatch(blocks);
    expect(await report({ lanAddresses: [] }, ['--lan'])).not.toMatch(blocks);
  });
});
