// Above the network: start from a template, undo and redo.
import { useNetwork } from '../../store/network';
import { TEMPLATES } from '../../store/templates';
import { useNumClasses } from './analysis';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

export function BuilderToolbar() {
  const canUndo = useNetwork((s) => s.past.length > 0);
  const canRedo = useNetwork((s) => s.future.length > 0);
  const undo = useNetwork((s) => s.undo);
  const redo = useNetwork((s) => s.redo);
  const loadTemplate = useNetwork((s) => s.loadTemplate);
  const classes = useNumClasses() ?? 10;
  return (
    <div className="builder-toolbar">
      <div className="toolbar-group" role="group" aria-label="Templates">
        <span className="toolbar-label">Start from</span>
        {TEMPLATES.map((t) => (
          <button
            key={t.id}
            type="button"
            className="btn"
            title={t.description}
            onClick={() => loadTemplate(t.id, classes)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="toolbar-group" role="group" aria-label="History">
        <button
          type="button"
          className="btn"
          disabled={!canUndo}
          onClick={undo}
          title={`Undo (${MOD}Z)`}
        >
          Undo
        </button>
        <button
          type="button"
          className="btn"
          disabled={!canRedo}
          onClick={redo}
          title={`Redo (${MOD}Shift+Z)`}
        >
          Redo
        </button>
      </div>
    </div>
  );
}
