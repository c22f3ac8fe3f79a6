import { describe, expect, it } from 'vitest';
import { KIT_BOT_ID, kitBotId } from '../../../src/node/cli/kit-bot.js';

// npm start and npm run serve both take the bot's id from here; in a cluster two nodes'
// bots with one id would take each other's connection over, back and forth.
describe('kitBotId', () => {
  it('is kit-bot beside a single broker', () => {
    expect(kitBotId({})).toBe(KIT_BOT_ID);
  });

  it('is one per node in a cluster', () => {
    const a = kitBotId({ cluster: { nodeId: '0123456789abcdef' } });
    const b = kitBotId({ cluster: { nodeId: 'fedcba9876543210' } });
    expect(a).toBe('kit-bot-01234567');
    expect(b).not.toBe(a);
  });
});
