import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import mqtt from 'mqtt';
import { SerialPortMock } from 'serialport';
import { startSerialBridge, type RunningSerialBridge, type SerialPortClass } from '../../../src/node/bridges/serial.js';
import { startTestBroker, type TestBroker } from '../../fixtures/aedes-broker.js';
import { collect, waitFor } from '../broker/harness.js';

const PATH = '/dev/ttyMOCK0';
// serialport's own mock binding (@serialport/binding-mock): importing that package here would
// load its ES module copy, whose ports serialport's CommonJS build never sees.
const MockBinding = SerialPortMock.binding;

/** serialport's mock, remembering each port the bridge opens so the test can make it "print". */
function mockPorts() {
  const opened: SerialPortMock[] = [];
  class Recording extends SerialPortMock {
    constructor(options: ConstructorParameters<typeof SerialPortMock>[0]) {
      super(options);
      opened.push(this);
    }
  }
  return { SerialPort: Recording as unknown as SerialPortClass, opened, print: (text: string | Buffer) => opened.at(-1)!.port!.emitData(text) };
}

describe('serial bridge (serialport mock binding)', () => {
  let broker: TestBroker;
  let bridge: RunningSerialBridge | undefined;
  let watcher: mqtt.MqttClient;
  let logLines: string[];

  beforeEach(async () => {
    logLines = [];
    MockBinding.reset();
    MockBinding.createPort(PATH, { echo: false, record: false, manufacturer: 'Arduino (www.arduino.cc)' });
    broker = await startTestBroker();
    watcher = await mqtt.connectAsync(broker.tcpUrl);
  });
  afterEach(async () => {
    await watcher.endAsync(true);
    await bridge?.close();
    bridge = undefined;
    await broker.close();
    MockBinding.reset();
  });

  const start = async (SerialPort: SerialPortClass, extra: { reopenMs?: number } = {}) => {
    bridge = await startSerialBridge({ url: broker.tcpUrl, path: PATH, baudRate: 9600, SerialPort, log: (line) => logLines.push(line), ...extra });
    expect(await bridge.ready).toEqual({ ok: true });
    return bridge;
  };

  it('publishes each line an Arduino prints, however the bytes are cut; comments and blank lines are skipped', async () => {
    const ports = mockPorts();
    await start(ports.SerialPort);
    const received = collect(watcher);
    await watcher.subscribeAsync('#');
    ports.print('# board ready\r\ntemperatura:23.5\r\numi');
    ports.print('dade 40\r\n\r\nsensors/luz : 812\r\n');
    await waitFor(() => received.length === 3, 'three readings');
    expect(received.map((m) => [m.topic, m.text])).toEqual([['temperatura', '23.5'], ['umidade', '40'], ['sensors/luz', '812']]);
    expect(bridge!.published).toBe(3);
  });

  it('binary noise and bad lines are skipped with one log line, and the lines after them still arrive', async () => {
    const ports = mockPorts();
    await start(ports.SerialPort);
    const received = collect(watcher);
    await watcher.subscribeAsync('#');
    // What a wrong baud rate looks like, then lines with no value and a wildcard.
    ports.print(Buffer.from([0xf0, 0x80, 0x00, 0x13, 0xfe, 0x0a, 0xc3, 0x28, 0x0a]));
    ports.print('temperatura\nsensors/+ 1\n');
    ports.print(Buffer.alloc(5000, 0x41));
    ports.print('\nok:1\n');
    await waitFor(() => received.length === 1, 'the good line');
    expect(received[0]).toMatchObject({ topic: 'ok', text: '1' });
    const skipped = logLines.filter((l) => l.startsWith('serial: skipped'));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatch(/^serial: skipped a line from \/dev\/ttyMOCK0: not text \(binary noise: is the baud rate/);
  });

  it('a port that does not exist is an error naming the ports there are', async () => {
    await expect(
      startSerialBridge({ url: broker.tcpUrl, path: '/dev/ttyACM9', SerialPort: mockPorts().SerialPort, log: () => {} }),
    ).rejects.toThrow('There is no serial port /dev/ttyACM9. Ports seen: /dev/ttyMOCK0 (Arduino (www.arduino.cc)).');
    MockBinding.reset();
    await expect(
      startSerialBridge({ url: broker.tcpUrl, path: '/dev/ttyACM9', SerialPort: mockPorts().SerialPort, log: () => {} }),
    ).rejects.toThrow(/Ports seen: none \(is the board plugged in/);
  });

  it('a board that goes away is reopened when it is back, and its lines flow again', async () => {
    const ports = mockPorts();
    await start(ports.SerialPort, { reopenMs: 50 });
    const received = collect(watcher);
    await watcher.subscribeAsync('#');
    ports.print('a:1\n');
    await waitFor(() => received.length === 1, 'the first line');
    // Unplugged: the pending read fails the way a vanished device's does.
    const first = ports.opened[0]!;
    (first.port as unknown as { pendingRead: (error: Error) => void }).pendingRead(new Error('device disconnected'));
    await waitFor(() => logLines.some((l) => /went away/.test(l)), 'the bridge to notice');
    await waitFor(() => ports.opened.length >= 2 && ports.opened.at(-1)!.isOpen, 'the port to be reopened', 5000);
    ports.print('a:2\n');
    await waitFor(() => received.length === 2, 'the line after reopening');
    expect(received.map((m) => m.text)).toEqual(['1', '2']);
    expect(logLines.some((l) => /\/dev\/ttyMOCK0 is back/.test(l))).toBe(true);
  });
});

describe('loadSerialPort', () => {
  afterEach(() => {
    vi.doUnmock('serialport');
    vi.resetModules();
  });

  it('says what to do when serialport’s native part does not load, instead of a stack trace', async () => {
    vi.resetModules();
    vi.doMock('serialport', () => {
      throw new Error('No native build was found for platform=plan9');
    });
    const { loadSerialPort } = await import('../../../src/node/bridges/serial.js');
    // (vitest wraps the factory's error in one of its own, so only the kit's words are checked.)
    await expect(loadSerialPort()).rejects.toThrow(/^The serial bridge needs the serialport package's native part, which did not load here: .*Try: npm rebuild serialport.*\/serial\/ page/s);
  });
});
