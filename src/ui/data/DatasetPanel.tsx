// The data side of training: choose a dataset, see what is in it, and set how it is fed to the
// network (preprocessing, augmentation).
import { useDataset } from '../../store/dataset';
import { updateTrainingSettings, useTrainingSettings } from '../train/settings';
import { AugmentForm } from './AugmentForm';
import { DatasetSummaryView } from './DatasetSummaryView';
import { ImportPanel } from './ImportPanel';
import { LoadStatus } from './LoadStatus';
import { PreprocessForm } from './PreprocessForm';
import { ShapesForm } from './ShapesForm';
import { SourcePicker } from './SourcePicker';

export function DatasetPanel() {
  const source = useDataset((s) => s.source);
  const loaded = useDataset((s) => s.loaded);
  const custom = useDataset((s) => s.custom);
  const status = useDataset((s) => s.status);
  // Preprocessing and augmentation are training settings, edited here beside the data.
  const { preprocess, augment } = useTrainingSettings();
  return (
    <div className="panel-body">
      <SourcePicker />
      {source === 'mnist' && (
        <p className="hint">
          A 10,000-image subset of MNIST (28×28 grayscale digits) bundled with the app: split 8,000
          / 1,000 / 1,000.
        </p>
      )}
      {source === 'shapes' && <ShapesForm />}
      {source === 'custom' && <ImportPanel />}
      <LoadStatus />
      {source === 'custom' && !loaded && custom && status !== 'loading' && (
        <p className="notice-inline">
          Imported images are not kept when the page reloads. The network still uses their shape (
          {custom.width}×{custom.height}×{custom.channels}, {custom.classNames.length} classes):
          import them again to train.
        </p>
      )}
      {loaded && <DatasetSummaryView summary={loaded} />}
      {loaded && (
        <section className="subsection" aria-labelledby="prep-heading">
          <h3 id="prep-heading">Preprocessing</h3>
          <PreprocessForm
            value={preprocess}
            onChange={(p) => updateTrainingSettings({ preprocess: p })}
          />
        </section>
      )}
      {loaded && (
        <section className="subsection" aria-labelledby="aug-heading">
          <h3 id="aug-heading">Augmentation</h3>
          <AugmentForm
            value={augment}
            onChange={(patch) => updateTrainingSettings({ augment: { ...augment, ...patch } })}
          />
        </section>
      )}
    </div>
  );
}
