import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a group of processes, in bytes. */
export interface ProcessGroupMemory {
  processes: number;
  rss: number;
  /** Resident memory by Chromium process type (`browser`, `renderer`, `gpu-process`, …). */
  byType: Record<string, { processes: number; rss: number }>;
}

/**
 * The resident memory of every Chromium process descended from `rootPid` (this process,
 * which launched the browser), read from /proc. RSS counts shared pages once per process,
 * so the sum overstates what the browser really holds; it is for watching growth.
 * Empty where /proc does not exist (not Linux).
 */
export function chromiumMemory(rootPid = process.pid): ProcessGroupMemory {
  const result: ProcessGroupMemory = { processes: 0, rss: 0, byType: {} };
  for (const pid of descendants(rootPid)) {
    // Chromium rewrites its command line, so arguments may be separated by spaces, not NULs.
    const cmdline = read(`/proc/${pid}/cmdline`)?.replace(/\0/g, ' ') ?? '';
    if (!/^\S*chrom/i.test(cmdline)) continue;
    const rss = residentBytes(pid);
    if (rss === undefined) continue;
    const type = /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser';
    const group = (result.byType[type] ??= { processes: 0, rss: 0 });
    group.processes++;
    group.rss += rss;
    result.processes++;
    result.rss += rss;
  }
  return result;
}

function descendants(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    // The command name is in parentheses and may contain spaces; the parent pid follows it.
    const parent = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : NaN;
    if (!Number.isInteger(parent)) continue;
    const list = children.get(parent) ?? [];
    list.push(Number(entry));
    children.set(parent, list);
  }
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Resident memory of one process, from /proc; undefined once it has ended. */
export function residentBytes(pid: number): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(read(`/proc/${pid}/status`) ?? '');
  return match ? Number(match[1]) * 1024 : undefined;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // The process ended between listing and reading.
    return undefined;
  }
}
