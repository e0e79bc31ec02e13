// The analysis of the current network against the current dataset: computed once per change at
// the top of the app and shared by the builder, the totals bar and the train panel.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { analyzeNetwork, type NetworkAnalysis } from '../../engine/analyze';
import { useDataset } from '../../store/dataset';
import { datasetTarget } from '../../store/dataset-settings';
import { useNetwork } from '../../store/network';

const AnalysisContext = createContext<NetworkAnalysis | null>(null);

/** The dataset's class count, when known (nothing imported yet: unknown). */
export function useNumClasses(): number | undefined {
  return useDataset((s) => datasetTarget(s)?.classes);
}

export function AnalysisProvider({ children }: { children: ReactNode }) {
  const spec = useNetwork((s) => s.spec);
  const numClasses = useNumClasses();
  const analysis = useMemo(() => analyzeNetwork(spec, { numClasses }), [spec, numClasses]);
  return <AnalysisContext.Provider value={analysis}>{children}</AnalysisContext.Provider>;
}

export function useAnalysis(): NetworkAnalysis {
  const a = useContext(AnalysisContext);
  if (!a) throw new Error('useAnalysis outside AnalysisProvider');
  return a;
}
