import { describe, expect, it } from 'vitest';
import { parseBridgeFlags } from '../../../src/node/bridges/flags.js';
import { parseBridgeList } from '../../../src/node/bridges/start-bridge.js';

describe('npm run bridge flags', () => {
  it('reads each kind’s flags', () => {
    expect(parseBridgeFlags(['http', '--port', '8081', '--lan', '--profiles', 'turma.json', '--max-body', '1000', '--quiet'])).toEqual({
      kind: 'http', port: 8081, lan: true, profilesPath: 'turma.json', maxBodyBytes: 1000, logLevel: 'quiet', help: false,
    });
    expect(parseBridgeFlags(['osc', '--in', '9000', '--out', '127.0.0.1:9001', '--topics', 'sensors/#, hello', '--url', 'mqtt://a:b@h'])).toEqual({
      kind: 'osc', inPort: 9000, out: { host: '127.0.0.1', port: 9001 }, topics: ['sensors/#', 'hello'], lan: false, url: 'mqtt://a:b@h', logLevel: 'normal', help: false,
    });
    expect(parseBridgeFlags(['osc', '--out', '9001'])).toMatchObject({ out: { host: '127.0.0.1', port: 9001 } });
    expect(parseBridgeFlags(['serial', '--port', 'COM3', '--baud', '115200', '--verbose'])).toEqual({
      kind: 'serial', path: 'COM3', baudRate: 115200, list: false, logLevel: 'verbose', help: false,
    });
    expect(parseBridgeFlags(['serial', '--list'])).toMatchObject({ kind: 'serial', list: true });
    expect(parseBridgeFlags([])).toEqual({ kind: undefined, help: true });
    expect(parseBridgeFlags(['serial', '--help'])).toMatchObject({ kind: 'serial', help: true });
  });

  it.each([
    [['mqtt'], /unknown bridge 'mqtt'; choose http, osc, serial/],
    [['http', '--nope'], /Unknown option '--nope'/],
    [['http', '--port', '70000'], /--port expects a whole number from 0 to 65535, got '70000'/],
    [['osc', '--out', 'localhost'], /--out expects HOST:PORT, e.g. 127\.0\.0\.1:9001, got 'localhost'/],
    [['osc', '--topics', 'a/#/b'], /--topics: in the filter 'a\/#\/b'/],
    [['osc', '--topics', ' , '], /--topics needs at least one/],
    [['serial'], /say which port: --port \/dev\/ttyACM0/],
    [['serial', '--port', 'x', '--baud', 'fast'], /--baud expects a whole number/],
    [['http', '--verbose', '--quiet'], /cannot be used together/],
    [['http', 'extra'], /Unexpected argument 'extra'/],
  ])('%j → %s', (argv, message) => {
    expect(() => parseBridgeFlags(argv)).toThrow(message);
  });

  it("npm start's --bridge takes http and osc, and sends serial to npm run bridge", () => {
    expect(parseBridgeList('http,osc,http')).toEqual(['http', 'osc']);
    expect(() => parseBridgeList('serial')).toThrow(/npm run bridge -- serial --port/);
    expect(() => parseBridgeList('smtp')).toThrow(/unknown bridge 'smtp'/);
    expect(() => parseBridgeList(',')).toThrow(/needs a kind/);
  });
});
