// The network of the configured session, analysed: the layers inspections can name. The
// builder's network may have changed since (Train would start afresh), but the worker's model
// is the configured one, so layer pickers list its layers.
import { useMemo } from 'react';
import { analyzeNetwork, type NetworkAnalysis } from '../../engine/analyze';
import { trainingController } from '../../store/run-control';
import { useTraining } from '../../store/training';

export function useConfiguredNetwork(): NetworkAnalysis | null {
  const summary = useTraining((s) => s.summary);
  return useMemo(() => {
    // A new summary means a new session; the controller holds its spec.
    const spec = summary ? trainingController().configuredSpec : null;
    return spec && summary ? analyzeNetwork(spec, { numClasses: summary.classNames.length }) : null;
  }, [summary]);
}

/** "conv1 · Conv2D · 28×28×6" style shapes: [C, H, W] → "28×28×6", [F] → "120". */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 3 ? `${shape[1]}×${shape[2]}×${shape[0]}` : shape.join('×');
}
