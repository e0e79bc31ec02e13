// Problems reading or writing saved data, shown once at the top with a dismiss button.
import { useDataset } from '../../store/dataset';
import { useNetwork } from '../../store/network';

function Notice({ text, onDismiss }: { text: string; onDismiss: () => void }) {
  return (
    <div className="notice" role="alert">
      <span>{text}</span>
      <button type="button" className="btn btn-small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

export function StorageNotices() {
  const networkError = useNetwork((s) => s.storageError);
  const dismissNetwork = useNetwork((s) => s.dismissStorageError);
  const datasetError = useDataset((s) => s.storageError);
  const dismissDataset = useDataset((s) => s.dismissStorageError);
  if (!networkError && !datasetError) return null;
  return (
    <div className="notices">
      {networkError && <Notice text={networkError} onDismiss={dismissNetwork} />}
      {datasetError && <Notice text={datasetError} onDismiss={dismissDataset} />}
    </div>
  );
}
