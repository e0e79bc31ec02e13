// Import: drop or pick a .safetensors file (with or without its .json network) or a .zip from
// Export. Success loads the network into the builder and the weights into a new training
// session, then checks them on the validation images; failure lists every problem (each tensor
// that does not fit) and changes nothing.
import { useId, useRef, useState, type DragEvent } from 'react';
import { ImportError } from '../../engine/io/bundle';
import { checkWeights, importModel } from '../../store/keep';

type Outcome =
  | { readonly ok: true; readonly message: string; readonly check: string | null }
  | { readonly ok: false; readonly message: string; readonly problems: readonly string[] };

async function read(files: FileList | readonly File[]) {
  return Promise.all(
    [...files].map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function ImportSection() {
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const headingId = useId();

  const load = async (files: FileList | readonly File[] | null) => {
    if (!files || files.length === 0 || busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      const message = await importModel(await read(files));
      setOutcome({ ok: true, message, check: null });
      const check = await checkWeights().catch(() => null);
      setOutcome({ ok: true, message, check });
    } catch (e) {
      const problems = e instanceof ImportError && e.problems.length > 1 ? e.problems : [];
      const text = e instanceof Error ? e.message : String(e);
      // With a list, the headline need not repeat every problem.
      const headline = problems.length ? `${text.replace(problems.join('; '), '').replace(/:\s*$/, '')}:` : text; // prettier-ignore
      setOutcome({ ok: false, message: `Could not import: ${headline}`, problems });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void load([...e.dataTransfer.files]);
  };

  return (
    <section className="keep-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Import</h3>
      <div
        className={`drop-zone${over ? ' is-over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p className="drop-title">Drop model files here</p>
        <p className="hint">
          A <code>.safetensors</code> file (with its <code>.json</code> network if you have it) or a{' '}
          <code>.zip</code> from Export. The network replaces the one in the builder (Undo brings it
          back) and training continues from the weights.
        </p>
        <button
          type="button"
          className="btn"
          disabled={busy}
          onClick={() => input.current?.click()}
        >
          {busy ? 'Importing…' : 'Choose files…'}
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept=".safetensors,.json,.zip,application/json,application/zip"
          aria-label="Model files"
          onChange={(e) => void load(e.target.files)}
        />
      </div>
      {outcome?.ok === true && (
        <div className="keep-ok" role="status" aria-label="Import result">
          <p>{outcome.message}</p>
          {outcome.check && <p>{outcome.check}</p>}
        </div>
      )}
      {outcome?.ok === false && (
        <div className="keep-error" role="alert" aria-label="Import problems">
          <p>{outcome.message}</p>
          {outcome.problems.length > 0 && (
            <ul>
              {outcome.problems.map((p) => (
                <li key={p}>{capitalise(p)}</li>
              ))}
            </ul>
          )}
          <p>Nothing was changed: the network and weights are as they were.</p>
        </div>
      )}
    </section>
  );
}
