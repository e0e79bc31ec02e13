// The learning rate on a log scale, live: while a run is going, moving it changes the rate from
// the next step on, so its effect shows in the loss curve straight away.
import { useState } from 'react';
import { useRunControl } from '../../store/run-control';
import { useTraining } from '../../store/training';
import { formatRate } from '../format';

const LO = -5; // 1e-5
const HI = 0; // 1

export function LearningRateControl() {
  const lr = useTraining((s) => s.settings.optimizer.lr);
  const setLr = useRunControl((s) => s.setLearningRate);
  const live = useTraining((s) => s.status.state === 'running' || s.status.state === 'paused');
  // The slider moves freely; the rate is sent when the user lets go (not on every pixel). A
  // draft belongs to the rate it started from, so a rate changed elsewhere replaces it.
  const [draft, setDraft] = useState<{ from: number; exp: number } | null>(null);
  const exp = draft && draft.from === lr ? draft.exp : Math.log10(lr);
  const commit = () => {
    if (draft && draft.from === lr) void setLr(Number((10 ** draft.exp).toPrecision(2)));
    setDraft(null);
  };
  return (
    <div className="lr-control">
      <label htmlFor="lr-slider">
        Learning rate <strong>{formatRate(10 ** exp)}</strong>
        {live && <span className="hint"> · applies from the next step</span>}
      </label>
      <input
        id="lr-slider"
        type="range"
        min={LO}
        max={HI}
        step={0.05}
        value={Math.min(HI, Math.max(LO, exp))}
        aria-valuetext={formatRate(10 ** exp)}
        onChange={(e) => setDraft({ from: lr, exp: Number(e.target.value) })}
        onPointerUp={commit}
        onKeyUp={commit}
        onBlur={commit}
      />
    </div>
  );
}
