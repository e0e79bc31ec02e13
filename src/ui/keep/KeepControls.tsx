// The header's "keep" controls: autosave status, Share, and Export / import (the dialog).
import { useState } from 'react';
import { AutosaveStatus } from './AutosaveStatus';
import { ModelDialog } from './ModelDialog';
import { ShareButton } from './ShareButton';

export function KeepControls() {
  const [open, setOpen] = useState(false);
  return (
    <div className="keep-controls">
      <AutosaveStatus />
      <ShareButton />
      <button
        type="button"
        className="btn btn-small"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        Export / import
      </button>
      <ModelDialog open={open} onClose={() => setOpen(false)} />
    </div>
  );
}
