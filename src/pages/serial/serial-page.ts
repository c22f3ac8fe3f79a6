// /serial/: a board on this computer's USB port publishes through the page (Web Serial),
// with the same line protocol as `npm run bridge -- serial` — no Node, no install.
import { connectInPage } from '../../kit/connect-in-page.js';
import { LineReader, type ParsedLine } from '../../kit/line-protocol.js';
import { translatePage } from '../../kit/translate-page.js';
import { describeStatus } from '../../texts/status-words.js';

/** The page's static words and the broker's status in the browser's language (the board's messages are still English). */
const texts = translatePage();

/** The part of Web Serial this page uses; TypeScript's DOM library does not describe it yet. */
interface WebSerialPort {
  readonly readable: ReadableStream<Uint8Array> | null;
  open(options: { baudRate: number }): Promise<void>;
  close(): Promise<void>;
}
interface WebSerial {
  requestPort(): Promise<WebSerialPort>;
}

const KEPT_LINES = 30;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('connect');
const openButton = $<HTMLButtonElement>('open');
const closeButton = $<HTMLButtonElement>('close');
const baud = $<HTMLSelectElement>('baud');
const board = $('board');
const count = $('count');
const lines = $<HTMLOListElement>('lines');

const client = connectInPage('mqtt://public:public@localhost', `serial-${Math.random().toString(36).slice(2, 8)}`);
const brokerText = $('broker');
brokerText.textContent = describeStatus(client.statusReason, texts.language);
client.on('status', ({ reason }) => (brokerText.textContent = describeStatus(reason, texts.language)));
client.on('connected', () => (brokerText.textContent = texts.connectedTo(client.target)));

const serial = (navigator as Navigator & { serial?: WebSerial }).serial;
if (!serial) {
  const unsupported = $('unsupported');
  unsupported.textContent = window.isSecureContext
    ? 'This browser has no Web Serial (Firefox and Safari don’t have it). Open this page in Chrome or Edge, ' +
      'or run the bridge in a terminal instead: npm run bridge -- serial --port /dev/ttyACM0'
    : `Web Serial only works on a page opened as localhost: open http://localhost:${location.port}/serial/ on the computer the board is plugged into.`;
  unsupported.hidden = false;
  openButton.disabled = true;
  baud.disabled = true;
}

let published = 0;
let reading: ReadableStreamDefaultReader<Uint8Array> | undefined;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (serial && !reading) void readBoard(serial, Number(baud.value));
});
closeButton.addEventListener('click', () => void reading?.cancel());

async function readBoard(webSerial: WebSerial, baudRate: number): Promise<void> {
  let port: WebSerialPort;
  try {
    port = await webSerial.requestPort();
  } catch {
    board.textContent = 'no port chosen';
    return;
  }
  try {
    await port.open({ baudRate });
  } catch (error) {
    board.textContent = `could not open the port: ${(error as Error).message} (is the Arduino IDE’s Serial Monitor using it?)`;
    return;
  }
  if (!port.readable) return void (board.textContent = 'the port cannot be read');
  reading = port.readable.getReader();
  setReading(true, `reading at ${baudRate} baud`);
  const reader = new LineReader();
  try {
    for (;;) {
      const { value, done } = await reading.read();
      if (done) break;
      for (const line of reader.push(value)) show(line);
    }
    board.textContent = 'disconnected';
  } catch (error) {
    board.textContent = `the board went away: ${(error as Error).message}`;
  } finally {
    reading.releaseLock();
    reading = undefined;
    await port.close().catch(() => {});
    setReading(false);
  }
}

function setReading(on: boolean, text?: string): void {
  openButton.hidden = on;
  closeButton.hidden = !on;
  baud.disabled = on;
  if (text) board.textContent = text;
}

function show(line: ParsedLine): void {
  if (line.kind === 'skip') return;
  const item = document.createElement('li');
  if (line.kind === 'message') {
    void client.publish(line.topic, line.payload);
    count.textContent = `${++published} line${published === 1 ? '' : 's'}`;
    item.textContent = `${line.topic} ${line.payload}`;
  } else {
    item.className = 'skipped';
    item.textContent = `skipped '${line.line}': ${line.reason}`;
  }
  lines.prepend(item);
  while (lines.children.length > KEPT_LINES) lines.lastElementChild?.remove();
}
