import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describePortHolder, findPortHolder } from '../../../src/node/broker/port-holder.js';
import { useHarness } from './harness.js';

const h = useHarness();

/** A /proc look-alike: one listening socket on 1883 (inode 4242) held by pid 812, one connection, one other process. */
async function fakeProc(): Promise<string> {
  const proc = await mkdtemp(join(tmpdir(), 'proc-'));
  h.defer(() => rm(proc, { recursive: true, force: true }));
  const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
  await mkdir(join(proc, 'net'));
  await writeFile(join(proc, 'net/tcp'), header
    + '   0: 0100007F:075B 00000000:0000 0A 00000000:00000000 00:00000000 00000000   110        0 4242 1 0 100 0 0 10 0\n'
    + '   1: 0100007F:D068 0100007F:075B 01 00000000:00000000 00:00000000 00000000     0        0 5555 3 0\n');
  await writeFile(join(proc, 'net/tcp6'), header);
  for (const [pid, name, cmdline, socket] of [['812', 'mosquitto', '/usr/sbin/mosquitto\0-c\0/etc/mosquitto/mosquitto.conf\0', 'socket:[4242]'], ['900', 'bash', 'bash\0', 'socket:[5555]']] as const) {
    await mkdir(join(proc, pid, 'fd'), { recursive: true });
    await writeFile(join(proc, pid, 'comm'), `${name}\n`);
    await writeFile(join(proc, pid, 'cmdline'), cmdline);
    await symlink(socket, join(proc, pid, 'fd', '3'));
  }
  return proc;
}

describe('who holds a port', () => {
  it('finds the listening socket of a port and the process holding it', async () => {
    const proc = await fakeProc();
    expect(await findPortHolder(1883, proc)).toEqual({ pid: 812, name: 'mosquitto', command: '/usr/sbin/mosquitto -c /etc/mosquitto/mosquitto.conf' });
    // 0xD068 is only a connection's port, not a listener.
    expect(await findPortHolder(0xd068, proc)).toBeUndefined();
    expect(await findPortHolder(1884, proc)).toBeUndefined();
    expect(await findPortHolder(1883, join(proc, 'absent'))).toBeUndefined();
  });

  it.skipIf(process.platform !== 'linux')('names this very process when it holds the port', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    h.defer(() => new Promise((resolve) => server.close(resolve)));
    const { port } = server.address() as AddressInfo;
    expect((await findPortHolder(port))?.pid).toBe(process.pid);
    expect(await describePortHolder(port)).toMatch(new RegExp(`^by \\S+ \\(pid ${process.pid}: `));
  });

  it('guesses from the port, and names the command to ask, where it cannot see', async () => {
    expect(await describePortHolder(1883, 'darwin')).toBe("(probably by mosquitto or another MQTT broker; `sudo lsof -nP -iTCP:1883 -sTCP:LISTEN` names it)");
    expect(await describePortHolder(5174, 'win32')).toMatch(/^\(probably by another Vite dev server/);
  });
});
