// Reading another process's CPU time and resident memory from Linux /proc (no cooperation needed from it).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcSample {
  /** User + system CPU time so far, seconds. */
  cpuS: number;
  /** Resident set size, bytes. */
  rssBytes: number;
}

/** utime + stime (fields 14 and 15) in clock ticks from the text of /proc/<pid>/stat. */
export function parseStatTicks(stat: string): number {
  // The command name (field 2) may contain spaces and parentheses: fields resume after the last ')'.
  const rest = stat
    .slice(stat.lastIndexOf(')') + 2)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state), so field n is rest[n - 3].
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error('unexpected /proc/<pid>/stat format');
  return utime + stime;
}

/** VmRSS in bytes from the text of /proc/<pid>/status. */
export function parseVmRssBytes(status: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m?.[1]) throw new Error('no VmRSS line in /proc/<pid>/status');
  return Number(m[1]) * 1024;
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU time and RSS of a process, or undefined where /proc is not available. */
export function sampleProcess(pid: number): ProcSample | undefined {
  try {
    const ticks = parseStatTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const rssBytes = parseVmRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpuS: ticks / clockTicks(), rssBytes };
  } catch {
    return undefined;
  }
}
