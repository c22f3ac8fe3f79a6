import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeBroker } from '../../../src/node/broker/banner.js';
import { FlagError, parseBrokerFlags } from '../../../src/node/broker/flags.js';
import { brokerSetupFromFlags } from '../../../src/node/broker/setup.js';
import type { RunningBroker } from '../../../src/node/broker/index.js';
import { useHarness, waitFor } from './harness.js';

const h = useHarness();
const root = fileURLToPath(new URL('../../../', import.meta.url));
const profilesFile = fileURLToPath(new URL('../../fixtures/profiles/classroom.json', import.meta.url));

describe('broker flags', () => {
  it('parses every flag', () => {
    expect(parseBrokerFlags([
      '--tcp-port', '1884', '--ws-port', '0', '--lan', '--profiles', 'p.json', '--no-anonymous',
      '--tls-cert', 'c.pem', '--tls-key', 'k.pem', '--rate-limit', '50', '--quiet',
    ])).toEqual({
      tcpPort: 1884, wsPort: 0, lan: true, profilesPath: 'p.json', allowAnonymous: false,
      tls: { cert: 'c.pem', key: 'k.pem' }, rateLimit: 50, logLevel: 'quiet', help: false,
    });
    expect(parseBrokerFlags([])).toEqual({ lan: false, allowAnonymous: true, logLevel: 'normal', help: false });
  });

  it('holds to ports given by number; default ports and port 0 may move', async () => {
    const setup = async (argv: string[]) => (await brokerSetupFromFlags(parseBrokerFlags(argv), {})).options.strictPorts;
    expect(await setup(['--tcp-port', '1883'])).toEqual(['tcp']);
    expect(await setup(['--tcp-port', '1884', '--ws-port', '9002'])).toEqual(['tcp', 'ws']);
    expect(await setup(['--ws-port', '9001', '--tcp-port', '0'])).toEqual(['ws']);
    expect(await setup([])).toBeUndefined();
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--tcp-port', '70000'], "--tcp-port expects a whole number from 0 to 65535, got '70000'"],
    [['--rate-limit', '0'], '--rate-limit expects a whole number from 1'],
    [['--tls-cert', 'c.pem'], '--tls-cert and --tls-key must be given together'],
    [['--verbose', '--quiet'], '--verbose and --quiet cannot be used together'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseBrokerFlags(argv)).toThrow(FlagError);
    expect(() => parseBrokerFlags(argv)).toThrow(message);
  });

  it('builds options: default profiles with the admin password from the environment, or a profiles file', async () => {
    const defaults = await brokerSetupFromFlags(parseBrokerFlags(['--lan']), { MQTT_ADMIN_PASSWORD: 'chalk' });
    expect(defaults.options).toMatchObject({ lan: true, allowAnonymous: true, logLevel: 'normal' });
    expect(defaults.options.profiles.find((p) => p.username === 'admin')?.password).toBe('chalk');
    expect(defaults.admin).toEqual({ password: 'chalk', generated: false });
    const fromFile = await brokerSetupFromFlags(parseBrokerFlags(['--profiles', profilesFile, '--no-anonymous']), {});
    expect(fromFile.options.profiles.map((p) => p.username)).toEqual(['public', 'sensor', 'teacher']);
    expect(fromFile.admin).toBeUndefined();
  });

  it('warns about default passwords on the LAN and lists LAN URLs', async () => {
    const fake = (host: string) => ({ host, tcpPort: 1883, wsPort: 9001, urls: { tcp: 'mqtt://127.0.0.1:1883', ws: 'ws://127.0.0.1:9001' } }) as RunningBroker;
    const setup = await brokerSetupFromFlags(parseBrokerFlags(['--lan']), {});
    const lan = describeBroker(fake('0.0.0.0'), setup, ['192.168.1.23']).join('\n');
    expect(lan).toContain('mqtt://192.168.1.23:1883   ws://192.168.1.23:9001');
    expect(lan).toContain('Warning: listening on the network with well-known passwords (public/public, viewer/viewer) and anonymous connections');
    expect(lan).toContain(setup.admin?.password ?? 'missing');
    const local = describeBroker(fake('127.0.0.1'), await brokerSetupFromFlags(parseBrokerFlags([]), { MQTT_ADMIN_PASSWORD: 'hidden-pw' }), []).join('\n');
    expect(local).not.toContain('Warning');
    expect(local).not.toContain('hidden-pw');
    expect(local).toContain('admin / (from MQTT_ADMIN_PASSWORD)');
  });

  it('tells a cluster node whose admin password was made up to set one for every node', async () => {
    const node = { host: '127.0.0.1', tcpPort: 1883, wsPort: 9001, urls: { tcp: 'mqtt://127.0.0.1:1883', ws: 'ws://127.0.0.1:9001' }, cluster: { nodeId: '1f3a9c2e-x', redis: 'redis://127.0.0.1:6379' } } as unknown as RunningBroker;
    const made = describeBroker(node, await brokerSetupFromFlags(parseBrokerFlags([]), {}), []).join('\n');
    expect(made).toContain('Set MQTT_ADMIN_PASSWORD to one value on every node.');
    const chosen = describeBroker(node, await brokerSetupFromFlags(parseBrokerFlags([]), { MQTT_ADMIN_PASSWORD: 'chalk' }), []).join('\n');
    expect(chosen).not.toContain('every node');
    const alone = describeBroker({ ...node, cluster: undefined } as RunningBroker, await brokerSetupFromFlags(parseBrokerFlags([]), {}), []).join('\n');
    expect(alone).not.toContain('every node');
  });
});

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node/cli/broker.ts', ...args], { cwd: root, stdio: 'pipe' });
  h.defer(() => child.kill('SIGKILL'));
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

describe('npm run broker', () => {
  it('exits 2 on an unknown flag, saying where the options are listed', async () => {
    const { output, exited } = runCli(['--bogus']);
    expect(await exited).toBe(2);
    expect(output.stderr).toBe("Unknown option '--bogus'.\nAll options: npm run broker -- --help\n");
  });

  it('prints its URLs and credentials, and exits 0 promptly on SIGINT', async () => {
    const { child, output, exited } = runCli(['--tcp-port', '0', '--ws-port', '0']);
    await waitFor(() => output.stdout.includes('Press Ctrl-C'), 'the banner', 10_000);
    expect(output.stdout).toMatch(/TCP +mqtt:\/\/127\.0\.0\.1:\d+/);
    expect(output.stdout).toMatch(/admin \/ [a-zA-Z2-9]{12} /);
    const start = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(Date.now() - start).toBeLessThan(2000);
  });
});
