import { describe, expect, it } from 'vitest';
import { PendingCommands } from '../../src/mqtt/pending-commands.js';

describe('PendingCommands', () => {
  it('gives each command its own id and resolves it with what settle makes of the answer', async () => {
    const pending = new PendingCommands();
    const sent: number[] = [];
    const a = pending.add((id) => sent.push(id), (error) => error === undefined);
    const b = pending.add((id) => sent.push(id), (error) => error === undefined);
    expect(new Set(sent).size).toBe(2);
    pending.settle(sent[1]!, 'refused');
    pending.settle(sent[0]!);
    expect(await Promise.all([a, b])).toEqual([true, false]);
  });

  it('never leaves one hanging: dropAll resolves the rest false, and a late answer changes nothing', async () => {
    const pending = new PendingCommands();
    let id = 0;
    const waiting = pending.add((given) => (id = given), () => true);
    pending.dropAll();
    pending.settle(id);
    expect(await waiting).toBe(false);
  });
});
