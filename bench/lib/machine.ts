import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem, type as osType, release } from 'node:os';
import { chromiumPath } from '../../test/fixtures/chromium.js';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  os: string;
  node: string;
  chromium: string;
  /** 1, 5 and 15 minute load averages when the bench started: the machine is shared. */
  loadAverage: number[];
  date: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: round(totalmem() / 2 ** 30),
    freeMemoryGiB: round(freemem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    chromium: chromiumVersion(),
    loadAverage: loadavg().map(round),
    date: new Date().toISOString(),
  };
}

function chromiumVersion(): string {
  try {
    // Debian's wrapper script prints noise on stderr; the version is the stdout line.
    return execFileSync(chromiumPath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch (error) {
    return `unknown (${(error as Error).message.split('\n')[0]})`;
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
