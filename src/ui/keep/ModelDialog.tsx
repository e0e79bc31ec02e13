// "Take the model away": export and import in one modal dialog opened from the header. A native
// <dialog> gives focus trapping, Escape to close and the backdrop for free.
import { useEffect, useId, useRef } from 'react';
import { ExportSection } from './ExportSection';
import { ImportSection } from './ImportSection';

export function ModelDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="keep-dialog" aria-labelledby={titleId} onClose={onClose}>
      <header className="keep-dialog-head">
        <h2 id={titleId}>Export and import the model</h2>
        <button type="button" className="btn btn-small" onClick={onClose}>
          Close
        </button>
      </header>
      {/* Rendered only while open: nothing runs (or is announced) behind a closed dialog. */}
      {open && (
        <div className="keep-dialog-body">
          <ExportSection />
          <ImportSection />
        </div>
      )}
    </dialog>
  );
}
