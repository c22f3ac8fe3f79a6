// The npm package as a user gets it: built, packed, installed offline from the tarball into
// an empty folder, then imported from Node, type-checked and bundled by Vite there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildPackage } from '../../pkg/build.js';
import { startTestBroker, type TestBroker } from '../fixtures/aedes-broker.js';
import { installTarballOffline } from '../fixtures/offline-install.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const repo = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/** The first ```lang block of README's "As an npm package": what users copy must work. */
function readmeExample(lang: 'js' | 'ts'): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## As an npm package'));
  const block = new RegExp('```' + lang + '\\n([^]*?)```').exec(section);
  if (!block) throw new Error(`README's "As an npm package" has no \`\`\`${lang} example`);
  return block[1]!;
}

let tmp: string;
let user: string;
let packed: string[];
let broker: TestBroker;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'kit-pack-'));
  const { outDir } = buildPackage(join(tmp, 'dist-pkg'));
  const { stdout } = await run('npm', ['pack', outDir, '--pack-destination', tmp, '--json'], { timeout: 30_000 });
  const [tarball] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  packed = tarball!.files.map((file) => file.path).sort();
  user = join(tmp, 'user');
  mkdirSync(user);
  await installTarballOffline(user, join(tmp, tarball!.filename), root, { p5: repo.dependencies['p5']! });
  broker = await startTestBroker();
}, 90_000);

afterAll(async () => {
  await broker?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('holds the built entries, their types and README, and nothing else of the repository', () => {
    expect(packed).toEqual(expect.arrayContaining([
      'package.json', 'README.md', 'index.js', 'index.d.ts', 'p5/index.js', 'p5/index.d.ts', 'p5/global.d.ts', 'mqtt/worker/worker.js',
    ]));
    expect(packed.filter((path) => !/\.(?:js|d\.ts)$/.test(path)).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
    expect(packed.filter((path) => /^(?:test|sketches|bench|docs|src|pkg|public|node_modules)\//.test(path))).toEqual([]);
  });

  it('installs offline from the tarball with its own dependencies only: no p5, broker or dev server', () => {
    const installed = JSON.parse(readFileSync(join(user, 'node_modules', 'p5-mqtt-kit', 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(Object.keys(installed['dependencies']!).sort()).toEqual(['buffer', 'mqtt']);
    expect(installed['peerDependencies']).toEqual({ p5: '>=1.9.0' });
    for (const name of ['aedes', 'level', 'vite', 'tsx']) expect(existsSync(join(user, 'node_modules', name)), name).toBe(false);
  });
});

describe('the installed package', () => {
  it("runs README's Node example: connects to a broker, publishes and receives", async () => {
    const example = readmeExample('js');
    const script = example.replace('mqtt://localhost:1883', broker.tcpUrl);
    expect(script).not.toBe(example);
    writeFileSync(join(user, 'example.mjs'), script);
    const child = spawn(process.execPath, ['example.mjs'], { cwd: user, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no 'hello: world' within 10 s:\n${output}`)), 10_000);
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('hello: world')) resolve(clearTimeout(timer));
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.on('exit', (code) => reject(new Error(`exited (${code}) before 'hello: world':\n${output}`)));
      });
    } finally {
      child.kill();
    }
  });

  it('loads p5-mqtt-kit/p5 in plain Node too: the same helper, no import.meta.env needed', async () => {
    const script = `
      const helper = await import('p5-mqtt-kit');
      const addon = await import('p5-mqtt-kit/p5');
      console.log(JSON.stringify({ addon: typeof addon.mqttAddon, sameConnect: addon.connect === helper.connect, p5: Object.keys(addon).sort(), helper: Object.keys(helper).sort() }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: user, timeout: 10_000 });
    // The public surface README lists: what users call, nothing of the kit's own pages, and
    // MqttClient only as a type (clients come from connect()).
    const helperNames = ['BrokerUrlError', 'assertFilter', 'assertTopic', 'connect', 'createMessage', 'encodePayload', 'filterProblem', 'maskUrl', 'matchTopic', 'parseBrokerUrl', 'resolveClientId', 'topicProblem'];
    expect(JSON.parse(stdout)).toEqual({ addon: 'function', sameConnect: true, helper: helperNames, p5: [...helperNames, 'mqttAddon', 'mqttSketch', 'registerOnP5'].sort() });
  });

  it("type-checks README's p5 example and global mode, with bundler and node16 resolution", async () => {
    writeFileSync(join(user, 'sketch.ts'), readmeExample('ts'));
    writeFileSync(join(user, 'checks.ts'), TYPE_CHECKS);
    const configs = { bundler: { module: 'ESNext', moduleResolution: 'Bundler' }, node16: { module: 'Node16', moduleResolution: 'Node16' } };
    await Promise.all(Object.entries(configs).map(async ([name, resolution]) => {
      const compilerOptions = { target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], strict: true, noEmit: true, ...resolution };
      writeFileSync(join(user, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files: ['sketch.ts', 'checks.ts'] }));
      const result = await run(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], { cwd: user, timeout: 40_000 })
        .then(({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }))
        .catch((error: { code?: number; stdout?: string; stderr?: string; message: string }) => ({ code: error.code ?? -1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` || error.message }));
      expect(result, name).toEqual({ code: 0, output: '' });
    }));
  }, 45_000);

  it("is bundled by Vite with its worker (MQTT.js's browser build)", async () => {
    writeFileSync(join(user, 'index.html'), '<!doctype html><script type="module" src="./page.js"></script>');
    writeFileSync(join(user, 'page.js'), "import { connect } from 'p5-mqtt-kit';\nconnect('mqtt://localhost', 'page');\n");
    const outDir = join(tmp, 'vite-out');
    await build({ root: user, configFile: false, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const worker = readdirSync(join(outDir, 'assets')).find((name) => /^worker-.*\.js$/.test(name));
    expect(worker).toBeDefined();
    expect(readFileSync(join(outDir, 'assets', worker!), 'utf8')).toContain('mqttjs');
  }, 30_000);
});

/** What the types must say: each @ts-expect-error fails the check if the types went missing (any). */
const TYPE_CHECKS = `
import { connect, matchTopic, type MqttClient, type MqttMessage } from 'p5-mqtt-kit';
import { mqttSketch, type MqttSketch } from 'p5-mqtt-kit/p5';
import type {} from 'p5-mqtt-kit/global';

const client: MqttClient = connect('mqtt://localhost:1883', 'checks');
client.subscribe('sensors/+', (message: MqttMessage) => message.number);
const matched: boolean = matchTopic('sensors/+', 'sensors/a');
// @ts-expect-error: a topic is a string
client.publish(42, 'x');

mqttSketch((p: MqttSketch) => {
  // @ts-expect-error: a broker URL is a string
  p.connectMqtt(1883);
});

// Global mode: what the addon puts on window.
const fromGlobal: MqttClient = connectMqtt('mqtt://localhost', 'global');
window.messageReceived = (topic: string, message: string, details: MqttMessage) => console.log(topic, message, details.json);
// @ts-expect-error: messageReceived is given the topic as a string
window.messageReceived = (topic: number) => console.log(topic);

export { matched, fromGlobal };
`;
