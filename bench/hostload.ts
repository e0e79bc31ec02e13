// How busy the machine was with OTHER work while a contestant ran: the bench shares small
// machines with other jobs, and a disturbed run should be visible in its own report.
// Linux only (/proc); elsewhere every figure is undefined.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

interface Snapshot {
  /** Jiffies of all CPUs together: all, and busy (not idle, not iowait). */
  total: number;
  busy: number;
  /** Jiffies used by this process and its live descendants (Chromium included). */
  ours: number;
  load1: number;
}

function procStat(pid: string): { ppid: number; ticks: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

function snapshot(): Snapshot | undefined {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1);
    const v = cpu.map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already inside user)
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const busy = total - v[3] - v[4];
    const procs = new Map<number, { ppid: number; ticks: number }>();
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      const p = procStat(d);
      if (p) procs.set(Number(d), p);
    }
    const mine = (pid: number): boolean => {
      for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
        if (p === process.pid) return true;
        p = procs.get(p)?.ppid ?? 0;
      }
      return false;
    };
    let ours = 0;
    for (const [pid, p] of procs) if (mine(pid)) ours += p.ticks;
    return { total, busy, ours, load1: os.loadavg()[0] };
  } catch {
    return undefined;
  }
}

export interface HostLoad {
  /** 1-minute load average before and after. */
  loadAverage1m: [number, number];
  /** Average number of cores busy with other processes during the run. */
  otherCores?: number;
  /** Average number of cores this run used (runner + Chromium). */
  ourCores?: number;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/** Call before a run; the returned function, called after it, gives the figures. */
export function watchHostLoad(): () => HostLoad {
  const a = snapshot();
  const load0 = os.loadavg()[0];
  return () => {
    const b = snapshot();
    const out: HostLoad = { loadAverage1m: [r2(load0), r2(os.loadavg()[0])] };
    if (a && b && b.total > a.total) {
      const cores = os.cpus().length;
      const dt = b.total - a.total;
      // A process that ended during the run takes its ticks with it: clamp at 0.
      const oursDelta = Math.max(0, b.ours - a.ours);
      out.ourCores = r2((oursDelta / dt) * cores);
      out.otherCores = r2(Math.max(0, (b.busy - a.busy - oursDelta) / dt) * cores);
    }
    return out;
  };
}

/** Cores busy with other processes over the next `ms` milliseconds (undefined off Linux). */
export async function otherCoresOver(ms: number): Promise<number | undefined> {
  const done = watchHostLoad();
  await new Promise((ok) => setTimeout(ok, ms));
  return done().otherCores;
}

/**
 * Waits (up to maxSeconds) for a window of windowMs in which other processes keep fewer than
 * `threshold` cores busy, so that a run does not start in the middle of someone else's job.
 * Returns the seconds waited and whether the machine was quiet at the end.
 */
export async function waitForQuiet(
  maxSeconds: number,
  threshold = 0.25,
  windowMs = 3000,
): Promise<{ waitedS: number; quiet: boolean; otherCores?: number }> {
  const t0 = Date.now();
  let other: number | undefined;
  do {
    other = await otherCoresOver(windowMs);
    if (other === undefined) return { waitedS: 0, quiet: true };
    if (other < threshold) break;
  } while (Date.now() - t0 < maxSeconds * 1000);
  const waitedS = Math.round((Date.now() - t0) / 1000);
  return { waitedS, quiet: other < threshold, otherCores: other };
}
