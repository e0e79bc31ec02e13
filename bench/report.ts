// Tables for the terminal, written as Markdown so they paste straight into bench/RESULTS.md.
import { gflops, type StepFlops } from './flops';
import type { RunResult } from './harness';
import type { NetDef } from './netdef';

export interface NetReport {
  net: NetDef;
  batch: number;
  flops: StepFlops;
  results: RunResult[];
  /** Warm-up and timed step counts requested (a time budget may cut the timed ones). */
  warmup: number;
}

export interface ContestantMeta {
  name: string;
  env: string;
  kind: 'peer' | 'ours';
}

/** Losses at the same step may differ by this much (float32 vs float64, summation order). */
export const LOSS_TOLERANCE = 1e-3;

export function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

function fmt3(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

export function markdownTable(header: string[], rows: string[][], right: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (right[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), sep, ...rows.map(line)].join('\n');
}

export function netHeading(r: NetReport): string {
  return (
    `Net ${r.net.id}: ${r.net.title} (batch ${r.batch}); ` +
    `${(r.flops.total / 1e9).toFixed(3)} GFLOP/step ` +
    `(forward ${(r.flops.forwardPerExample / 1e6).toFixed(3)} MFLOP/example)`
  );
}

/** The speed table: one row per contestant, one ratio column per peer that finished. */
export function speedTable(r: NetReport, meta: ContestantMeta[]): string {
  const kindOf = (name: string) => meta.find((m) => m.name === name);
  const peers = r.results.filter((x) => x.ok && kindOf(x.contestant)?.kind === 'peer');
  const hostCol = r.results.some((x) => x.host?.otherCores !== undefined);
  const header = [
    'contestant',
    'env',
    'steps',
    'ms/step (median)',
    'p10–p90 ms',
    'examples/s',
    'GFLOP/s',
    ...peers.map((p) => `× ${p.contestant}`),
    ...(hostCol ? ['other CPU'] : []),
  ];
  const rows = r.results.map((x) => {
    const env = kindOf(x.contestant)?.env ?? '?';
    if (!x.ok || x.medianMs === undefined) {
      return [
        x.contestant,
        env,
        '—',
        `failed: ${x.error ?? '?'}`,
        '',
        '',
        '',
        ...peers.map(() => ''),
        ...(hostCol ? [''] : []),
      ];
    }
    const med = x.medianMs;
    return [
      x.contestant,
      env,
      `${x.warmupMs?.length ?? 0}+${x.timesMs?.length ?? 0}`,
      fmtMs(med),
      `${fmtMs(x.p10Ms)}–${fmtMs(x.p90Ms)}`,
      fmt3((r.batch * 1000) / med),
      fmt3(gflops(r.flops.total, med)),
      ...peers.map((p) => (p.medianMs! / med).toFixed(2)),
      ...(hostCol ? [x.host?.otherCores?.toFixed(2) ?? '—'] : []),
    ];
  });
  const right = [false, false, true, true, true, true, true, ...peers.map(() => true)];
  return markdownTable(header, rows, hostCol ? [...right, true] : right);
}

export interface LossVerdict {
  contestant: string;
  first?: number;
  last?: number;
  lastStep?: number;
  /** Largest |loss - reference loss| over the warm-up steps all contestants share. */
  maxDiff?: number;
  ok: boolean;
  note: string;
}

/**
 * Every contestant starts from the same weights on the same batch with the same optimizer, so
 * the losses of the first steps must agree; the reference is the first contestant that
 * finished. On a fixed batch the loss must also fall, and never be NaN.
 */
export function lossVerdicts(r: NetReport): LossVerdict[] {
  const done = r.results.filter((x) => x.ok && x.losses && x.losses.length > 0);
  const ref = done[0];
  const shared = Math.min(...done.map((x) => x.warmupMs?.length ?? 0));
  return r.results.map((x) => {
    if (!x.ok || !x.losses || x.losses.length === 0) {
      return { contestant: x.contestant, ok: false, note: 'no run' };
    }
    const first = x.losses[0].loss;
    const lastAt = x.losses[x.losses.length - 1];
    let maxDiff = 0;
    for (let s = 0; s < shared; s++) {
      maxDiff = Math.max(maxDiff, Math.abs(x.losses[s].loss - ref.losses![s].loss));
    }
    const notes: string[] = [];
    const finite = x.losses.every((l) => Number.isFinite(l.loss));
    if (!finite) notes.push('NaN/Inf loss');
    if (finite && !(lastAt.loss < first)) notes.push('loss did not fall');
    if (!(maxDiff <= LOSS_TOLERANCE * Math.max(1, Math.abs(ref.losses![0].loss)))) {
      notes.push(`differs from ${ref.contestant}`);
    }
    return {
      contestant: x.contestant,
      first,
      last: lastAt.loss,
      lastStep: lastAt.step,
      maxDiff,
      ok: notes.length === 0,
      note: notes.length === 0 ? 'ok' : notes.join('; '),
    };
  });
}

export function lossTable(r: NetReport): string {
  const done = r.results.filter((x) => x.ok && x.losses && x.losses.length > 0);
  const shared = done.length ? Math.min(...done.map((x) => x.warmupMs?.length ?? 0)) : 0;
  const ref = done[0]?.contestant ?? '—';
  const verdicts = lossVerdicts(r);
  const header = [
    'contestant',
    'loss@1',
    'loss@last',
    'last step',
    `max abs Δ vs ${ref}, steps 1–${shared}`,
    'check',
  ];
  const rows = verdicts.map((v) => [
    v.contestant,
    v.first?.toFixed(5) ?? '—',
    v.last?.toFixed(5) ?? '—',
    v.lastStep !== undefined ? String(v.lastStep) : '—',
    v.maxDiff !== undefined ? v.maxDiff.toExponential(1) : '—',
    v.note,
  ]);
  return markdownTable(header, rows, [false, true, true, true, true, false]);
}
