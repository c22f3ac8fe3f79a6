import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MQTT_INTERNALS } from '../../../src/node/dev/mqtt-worker-plugin.js';

const require = createRequire(import.meta.url);
const mqttRoot = dirname(require.resolve('mqtt/package.json'));
const mqttVersion = (require('mqtt/package.json') as { version: string }).version;

/** What `internals` asks of the MQTT.js installed at `root`, as readable complaints. */
function moved(internals: typeof MQTT_INTERNALS, root: string): string[] {
  const problems: string[] = [];
  const read = (file: string): string | undefined => {
    const path = join(root, file);
    if (existsSync(path)) return readFileSync(path, 'utf8');
    problems.push(`${file} is gone`);
    return undefined;
  };
  const entry = require.resolve('mqtt').replaceAll('\\', '/');
  if (!entry.startsWith(`${root.replaceAll('\\', '/')}/${internals.sources}`)) {
    problems.push(`require.resolve('mqtt') gives ${entry}, outside ${internals.sources}`);
  }
  const { file, text } = internals.versionRequire;
  const source = read(file);
  if (source !== undefined && !source.includes(text)) problems.push(`${file} no longer contains ${text}`);
  for (const [file, specifiers] of Object.entries(internals.unusedTransports)) {
    const source = read(file);
    if (source === undefined) continue;
    for (const specifier of specifiers) {
      const escaped = specifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (!new RegExp(`require\\((['"])${escaped}\\1\\)`).test(source)) problems.push(`${file} no longer requires '${specifier}'`);
    }
  }
  return problems;
}

// mqttWorkerPlugin builds the worker from MQTT.js's compiled files, not its public API; an
// upgrade that moves them would bloat the worker, or fail its build far from the cause.
describe('what the MQTT worker plugin reads of MQTT.js', () => {
  it(`is all where src/node/dev/mqtt-worker-plugin.ts expects it in mqtt@${mqttVersion}`, () => {
    expect(moved(MQTT_INTERNALS, mqttRoot), 'update MQTT_INTERNALS in src/node/dev/mqtt-worker-plugin.ts and its shims').toEqual([]);
  });

  it('names a file, a text and a require that are missing', () => {
    const wrong = {
      ...MQTT_INTERNALS,
      versionRequire: { file: 'build/lib/shared.js', text: "require('../package.json').version" },
      unusedTransports: { 'build/lib/connect/index.js': ['./tcp.js'], 'build/lib/connect/gone.js': ['./tcp'] },
    };
    expect(moved(wrong, mqttRoot)).toEqual([
      "build/lib/shared.js no longer contains require('../package.json').version",
      "build/lib/connect/index.js no longer requires './tcp.js'",
      'build/lib/connect/gone.js is gone',
    ]);
  });
});
