import { describe, expect, it } from 'vitest';
import { BOT_ACCOUNT_NAME, createBotAccount } from '../../../src/node/bot/bot-account.js';
import { canPublish, canSubscribe, defaultProfiles } from '../../../src/node/broker/index.js';

const TOPICS = ['temperatura', 'umidade', 'luminosidade'];

describe("the kit bot's account", () => {
  it("may publish and subscribe to the bot's topics, and nothing else", () => {
    const account = createBotAccount(TOPICS, defaultProfiles('x'));
    expect(account.username).toBe(BOT_ACCOUNT_NAME);
    for (const topic of TOPICS) {
      expect(canPublish(account, topic)).toBe(true);
      expect(canSubscribe(account, topic)).toBe(true);
    }
    expect(canPublish(account, 'hello')).toBe(false);
    expect(canSubscribe(account, '#')).toBe(false);
    expect(canSubscribe(account, '$SYS/#')).toBe(false);
  });

  it('has a fresh random password each time, long enough not to be guessed on a LAN', () => {
    const a = createBotAccount(TOPICS, []);
    const b = createBotAccount(TOPICS, []);
    expect(a.password).not.toBe(b.password);
    expect(a.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it("leaves a profiles file's own 'kit-bot' alone", () => {
    const teachers = { username: BOT_ACCOUNT_NAME, password: 'mine', publish: ['#'], subscribe: ['#'] };
    const account = createBotAccount(TOPICS, [teachers]);
    expect(account.username).toMatch(new RegExp(`^${BOT_ACCOUNT_NAME}-[0-9a-f]{6}$`));
  });
});
