import { randomBytes } from 'node:crypto';
import type { Profile } from '../broker/profiles.js';

/** The user name the kit's own bot logs in with, unless a profiles file already has it. */
export const BOT_ACCOUNT_NAME = 'kit-bot';

/**
 * An account `npm start` adds to the broker for its own sensor bot, so the bot works with
 * any profiles file and with --no-anonymous (which the --lan warning recommends) without
 * the teacher writing one. It may publish and subscribe to the bot's topics only; its
 * password is random, lives in this process's memory and is never printed or written.
 *
 * @example
 * const account = createBotAccount(['temperatura'], setup.options.profiles);
 * const broker = await createBroker({ ...setup.options, profiles: [...setup.options.profiles, account] });
 */
export function createBotAccount(topics: readonly string[], existing: readonly Profile[]): Profile {
  let username = BOT_ACCOUNT_NAME;
  // A teacher's own 'kit-bot' profile stays theirs.
  while (existing.some((profile) => profile.username === username)) username = `${BOT_ACCOUNT_NAME}-${randomBytes(3).toString('hex')}`;
  return { username, password: randomBytes(24).toString('base64url'), publish: [...topics], subscribe: [...topics] };
}
