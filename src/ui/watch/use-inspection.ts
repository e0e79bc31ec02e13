// Asking the training worker about the model (filters, activations, predictions, health...)
// from a panel. Results are per-request data, not store state. The rules that keep training
// smooth and the page responsive:
//   - nothing is asked before a session exists;
//   - asked again when the session, the request (`key`) or the stopped model changes (a Step);
//   - while training runs, polled every `pollMs` (none: not at all), never two at a time, and
//     only while the section is visible (see ./visibility.ts);
//   - an answer that arrives after the request changed is dropped.
import { startTransition, useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { trainingController, useRunControl } from '../../store/run-control';
import { useTraining } from '../../store/training';
import type { TrainingClient } from '../../worker/client';
import { useVisibleNow } from './visibility';

export interface Inspection<T> {
  readonly data: T | null;
  /** An answer has arrived for this session (data may legitimately be null). */
  readonly answered: boolean;
  readonly error: string | null;
  /** A request is in flight. */
  readonly loading: boolean;
  /** Asks again now (a Refresh button). */
  refresh(): void;
}

export interface InspectionOptions {
  /** Identifies the request: a change asks again (e.g. the image or layer chosen). */
  readonly key?: string;
  /** Poll interval while training runs; null or absent: only on changes. */
  readonly pollMs?: number | null;
  /** False: do not ask at all (e.g. nothing chosen yet). */
  readonly enabled?: boolean;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

interface Answer<T> {
  readonly data: T | null;
  readonly answered: boolean;
  readonly error: string | null;
  readonly loading: boolean;
  /** The session the answer belongs to: another session's answer is not shown. */
  readonly session: object | null;
}

export function useInspection<T>(
  request: (client: TrainingClient) => Promise<T>,
  opts: InspectionOptions = {},
): Inspection<T> {
  const configured = useRunControl((s) => s.configuredKey !== null);
  const summary = useTraining((s) => s.summary);
  const running = useTraining((s) => s.status.state === 'running');
  // While running, the poll timer refreshes; when stopped, a new step refetches once.
  const stoppedAt = useTraining((s) => (s.status.state === 'running' ? -1 : (s.latest?.step ?? 0))); // prettier-ignore
  const visible = useVisibleNow();
  const active = configured && summary !== null && opts.enabled !== false;
  const key = opts.key ?? '';
  const pollMs = running ? (opts.pollMs ?? null) : null;

  const [answer, setAnswer] = useState<Answer<T>>({
    data: null,
    answered: false,
    error: null,
    loading: false,
    session: null,
  });
  const [nonce, setNonce] = useState(0);
  // What the shown data was asked for, so becoming visible again does not ask twice.
  const askedFor = useRef<{ session: object | null; what: string } | null>(null);
  const inFlight = useRef(false);
  const generation = useRef(0);

  const ask = useEffectEvent((what: string, supersede: boolean) => {
    if (supersede) generation.current++;
    else if (inFlight.current) return;
    inFlight.current = true;
    askedFor.current = { session: summary, what };
    const gen = generation.current;
    const session = summary;
    setAnswer((a) => ({ ...a, loading: true }));
    const settle = (patch: Partial<Answer<T>>) => {
      if (gen !== generation.current) return;
      inFlight.current = false;
      // Drawing an answer (a grid of maps, a table) may take a while: render it in slices.
      startTransition(() => setAnswer((a) => ({ ...a, ...patch, loading: false, session })));
    };
    request(trainingController().client).then(
      (data) => settle({ data, answered: true, error: null }),
      (e: unknown) => settle({ error: message(e) }),
    );
  });

  useEffect(() => {
    if (!active || !visible) return;
    const what = `${nonce}|${key}|${stoppedAt}`;
    const last = askedFor.current;
    // A changed request makes an answer still on its way stale.
    if (!last || last.session !== summary || last.what !== what) ask(what, true);
    if (!pollMs) return;
    const timer = setInterval(() => ask(what, false), pollMs);
    return () => clearInterval(timer);
  }, [active, visible, key, stoppedAt, nonce, pollMs, summary]);

  const refresh = useCallback(() => setNonce((n) => n + 1), []);
  const mine = answer.session === summary;
  return {
    data: mine ? answer.data : null,
    answered: mine && answer.answered,
    error: mine ? answer.error : null,
    loading: answer.loading,
    refresh,
  };
}
