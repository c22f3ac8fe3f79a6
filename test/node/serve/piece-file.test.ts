import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPieceFile, pageSettings, parsePieceFile, PieceFileError } from '../../../src/node/serve/piece-file.js';

const problem = (data: unknown) => {
  try {
    parsePieceFile(data, 'kit.config.json');
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(PieceFileError);
    return (error as Error).message;
  }
};

describe('a piece file (kit.config.json)', () => {
  it('takes the page, the broker, the kiosk and the bot; // fields are comments', () => {
    const piece = parsePieceFile({
      '//': 'the left screen at the venue',
      page: '/sketches/my-piece/',
      broker: 'wss://piece:secret@mqtt.venue.example/mqtt',
      kiosk: { stallMs: 20_000 },
      bot: { topics: ['sensors/light'], interval: 500, pattern: 'daycycle' },
    }, 'kit.config.json');
    expect(piece).toEqual({
      page: 'sketches/my-piece/', broker: 'wss://piece:secret@mqtt.venue.example/mqtt', kiosk: { stallMs: 20_000 }, bot: { topics: ['sensors/light'], interval: 500, pattern: 'daycycle' },
    });
    expect(pageSettings(piece)).toEqual({ broker: 'wss://piece:secret@mqtt.venue.example/mqtt', kiosk: { stallMs: 20_000 } });
    expect(pageSettings(undefined)).toEqual({});
  });

  it('names the file and the field in every refusal', () => {
    expect(problem([])).toBe('kit.config.json: must hold an object, e.g. { "kiosk": true }');
    expect(problem({ brokr: 'x' })).toMatch(/^kit\.config\.json: unknown field 'brokr' \(known: page, broker, kiosk, bot;/);
    expect(problem({ page: '../etc/' })).toMatch(/^kit\.config\.json: "page" must be a path inside the site/);
    expect(problem({ page: 'https://elsewhere/' })).toMatch(/"page" must be a path inside the site/);
    expect(problem({ kiosk: { stallMs: 0 } })).toBe(`kit.config.json: "kiosk" 'stallMs' must be a number of milliseconds above 0, got 0`);
    expect(problem({ bot: { topics: ['a/#'] } })).toMatch(/^kit\.config\.json: "bot\.topics": /);
    expect(problem({ bot: { interval: 1 } })).toMatch(/"bot\.interval" must be a number of milliseconds, 10 or more, got 1/);
    expect(problem({ bot: { every: 1 } })).toMatch(/"bot" has an unknown field 'every'/);
    expect(problem({ bot: { pattern: 'square' } })).toBe('kit.config.json: "bot.pattern" must be one of random, sine, walk, daycycle, got "square"');
  });

  it('checks the broker as a browser will read it, without repeating its password', () => {
    const message = problem({ broker: 'mqtt://piece:hunter2@mqtt.venue.example' });
    expect(message).toMatch(/^kit\.config\.json: "broker": .*WebSocket/);
    expect(message).not.toContain('hunter2');
    expect(problem({ broker: 42 })).toBe('kit.config.json: "broker" must be a URL in quotes, got 42');
  });
});

describe('loadPieceFile', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const file = (text: string) => {
    dir = mkdtempSync(join(tmpdir(), 'kit-piece-'));
    writeFileSync(join(dir, 'kit.config.json'), text);
    return join(dir, 'kit.config.json');
  };

  it('is optional unless asked for by name', async () => {
    expect(await loadPieceFile('/nonexistent/kit.config.json', false)).toBeUndefined();
    await expect(loadPieceFile('/nonexistent/kit.config.json', true)).rejects.toThrow(/Could not read the piece config \/nonexistent\/kit\.config\.json/);
  });

  it('reads a file Notepad saved (UTF-8 with a byte order mark)', async () => {
    expect(await loadPieceFile(file('\uFEFF{ "kiosk": true }'), true)).toEqual({ kiosk: true });
  });

  it('reports a JSON mistake where an editor can jump to it, without quoting the file', async () => {
    const path = file('{\n  "broker": "wss://p:hunter2@venue.example/mqtt"\n  "kiosk": true\n}');
    const error = await loadPieceFile(path, true).catch((e: Error) => e);
    expect((error as Error).message).toMatch(new RegExp(`^${path.replace(/[.]/g, '\\.')}:3:3: not valid JSON: `));
    expect((error as Error).message).not.toContain('hunter2');
  });
});
