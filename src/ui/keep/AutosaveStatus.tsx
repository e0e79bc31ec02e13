// A quiet line in the header: the latest checkpoint autosaved this session (or that the last
// save failed, which KeepNotices explains).
import { useAutosaveState } from '../../store/keep';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }); // prettier-ignore

export function AutosaveStatus() {
  const last = useAutosaveState((s) => s.lastSaved);
  const failed = useAutosaveState((s) => s.error !== null);
  if (!last && !failed) return null;
  return (
    <span className={`autosave-status${failed ? ' is-failed' : ''}`} role="status">
      {failed
        ? 'Autosave failed'
        : `Autosaved step ${last!.step} at ${time.format(new Date(last!.savedAt))}`}
    </span>
  );
}
