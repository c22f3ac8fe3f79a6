import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BROKER_FLAG_OPTIONS, parseBrokerFlags } from '../../../src/node/broker/flags.js';
import { explainFlagError, nearestFlag, usageErrorText } from '../../../src/node/broker/flag-suggestions.js';
import { runCli } from '../../fixtures/spawn-cli.js';

const parseError = (args: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options']) => {
  try {
    parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (error) {
    return error;
  }
  throw new Error('parsed');
};

describe('a mistyped flag gets the flag meant, not a screen of usage', () => {
  it.each([
    ['profile', 'profiles'], ['tcp-prot', 'tcp-port'], ['ws-prot', 'ws-port'], ['no-anonymus', 'no-anonymous'],
    ['Verbose', 'verbose'], ['persists', 'persist'], ['clusterr', 'cluster'],
  ])("'--%s' → --%s", (typed, meant) => {
    expect(nearestFlag(typed, Object.keys(BROKER_FLAG_OPTIONS))).toBe(meant);
  });

  it('suggests nothing for a flag nowhere near one', () => {
    expect(nearestFlag('port', Object.keys(BROKER_FLAG_OPTIONS))).toBeUndefined();
    expect(nearestFlag('x', Object.keys(BROKER_FLAG_OPTIONS))).toBeUndefined();
    expect(explainFlagError(parseError(['--frobnicate'], BROKER_FLAG_OPTIONS), BROKER_FLAG_OPTIONS)).toBe("Unknown option '--frobnicate'.");
  });

  it("says it in one sentence, without parseArgs' advice about positionals", () => {
    expect(() => parseBrokerFlags(['--profile', 'turma.json'])).toThrow(/^Unknown option '--profile'\. Did you mean --profiles\?$/);
    expect(usageErrorText("Unknown option '--profile'. Did you mean --profiles?", 'USAGE', 'npm start -- --help')).toBe("Unknown option '--profile'. Did you mean --profiles?\nAll options: npm start -- --help");
    // Other problems are about using what exists: the usage stays below them.
    expect(usageErrorText('--students must be a whole number', 'USAGE', 'x')).toBe('--students must be a whole number\n\nUSAGE');
  });

  it('npm start and npm run class answer a typo with the flag meant and exit 2', async () => {
    const start = runCli('src/node/cli/start.ts', ['--lan', '--profile', 'turma.json']);
    const klass = runCli('src/node/cli/class.ts', ['--studnets', '3']);
    expect([await start.exited, await klass.exited]).toEqual([2, 2]);
    expect(start.output()).toBe("Unknown option '--profile'. Did you mean --profiles?\nAll options: npm start -- --help\n");
    expect(klass.output()).toBe("Unknown option '--studnets'. Did you mean --students?\nAll options: npm run class -- --help\n");
  }, 60_000);
});
