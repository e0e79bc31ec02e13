// A small drawing of the learning rate over the planned run, under the schedule settings; it
// follows every edit (schedule, rate, epochs, batch size). Plain SVG: the Train panel is loaded
// up front and should not pull in the charts library for one line.
import { useMemo } from 'react';
import type { TrainingSettings } from '../../engine/train/settings';
import { useDataset } from '../../store/dataset';
import { useTraining } from '../../store/training';
import { formatExact, formatRate } from '../format';
import { plannedSteps, scheduleCurve } from './schedule-preview';

const W = 320;
const H = 84;
const LEFT = 46;
const RIGHT = 8;
const TOP = 8;
const BOTTOM = 16;

export function SchedulePreview({ settings }: { settings: TrainingSettings }) {
  const loadedTrain = useDataset((s) => s.loaded?.split.train ?? null);
  const sessionTrain = useTraining((s) => s.summary?.trainExamples ?? null);
  const total = plannedSteps(settings, loadedTrain ?? sessionTrain);
  const curve = useMemo(() => (total ? scheduleCurve(settings, total) : null), [settings, total]);
  if (!total || !curve) {
    return <p className="hint">The learning-rate curve appears once the dataset is loaded.</p>;
  }
  const x = (t: number) => LEFT + (total > 1 ? (t / (total - 1)) * (W - LEFT - RIGHT) : 0);
  const top = curve.max > 0 ? curve.max * 1.08 : 1;
  const y = (lr: number) => TOP + (1 - lr / top) * (H - TOP - BOTTOM);
  const d = curve.steps.map((t, i) => `${i ? 'L' : 'M'}${x(t).toFixed(1)},${y(curve.lrs[i]).toFixed(1)}`).join(''); // prettier-ignore
  const what = `Learning rate over ${formatExact(total)} planned steps: ${formatRate(curve.first)} at the start, ${formatRate(curve.max)} at most, ${formatRate(curve.last)} at the end`; // prettier-ignore
  return (
    <figure className="schedule-preview">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={what}>
        <line className="axis" x1={LEFT} x2={W - RIGHT} y1={H - BOTTOM} y2={H - BOTTOM} />
        <line className="grid" x1={LEFT} x2={W - RIGHT} y1={y(curve.max)} y2={y(curve.max)} />
        <text x={LEFT - 4} y={y(curve.max) + 3} textAnchor="end">
          {formatRate(curve.max)}
        </text>
        <text x={LEFT - 4} y={H - BOTTOM + 3} textAnchor="end">
          0
        </text>
        <text x={LEFT} y={H - 3}>
          step 1
        </text>
        <text x={W - RIGHT} y={H - 3} textAnchor="end">
          {formatExact(total)}
        </text>
        <path className="curve" d={d} />
      </svg>
      <figcaption className="hint">
        {formatRate(curve.first)} → {formatRate(curve.last)} over {formatExact(total)} steps
      </figcaption>
    </figure>
  );
}
