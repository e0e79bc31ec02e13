// Bringing in the user's own data: drop a folder or zip (one sub-folder per class), pick one,
// or pick IDX / CIFAR binary files; plus how pictures are sized.
import { useRef, useState, type DragEvent } from 'react';
import { entriesFromDataTransfer, entriesFromFiles } from '../../platform/image-import';
import { readFiles } from '../../platform/dataset-files';
import { datasetStore, useDataset } from '../../store/dataset';
import { IMPORT_SIZE_LIMITS } from '../../store/dataset-settings';
import { NumberField } from '../common/NumberField';
import { ColourSelect } from './ShapesForm';

export function ImportPanel() {
  const imports = useDataset((s) => s.imports);
  const setImports = useDataset((s) => s.setImportSettings);
  const origin = useDataset((s) => s.custom?.origin);
  const [over, setOver] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const zipInput = useRef<HTMLInputElement>(null);
  const binaryInput = useRef<HTMLInputElement>(null);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    // Must run inside the handler: the browser empties dataTransfer once it returns.
    const pending = entriesFromDataTransfer(e.dataTransfer);
    void pending.then((entries) => datasetStore.getState().importImages(entries));
  };
  const pickedImages = (files: FileList | null) => {
    if (files && files.length > 0)
      void datasetStore.getState().importImages(entriesFromFiles(files));
  };
  const pickedBinary = async (files: FileList | null) => {
    if (files && files.length > 0)
      await datasetStore.getState().importFiles(await readFiles(files));
  };
  const fixedSize = origin !== undefined && origin !== 'folder';

  return (
    <div className="import">
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
        <p className="drop-title">Drop a folder or .zip here</p>
        <p className="hint">
          One sub-folder per class, e.g. <code>pets/cat/1.jpg</code>, <code>pets/dog/2.png</code>
        </p>
        <div className="drop-buttons">
          <button type="button" className="btn" onClick={() => folderInput.current?.click()}>
            Choose folder…
          </button>
          <button type="button" className="btn" onClick={() => zipInput.current?.click()}>
            Choose zip…
          </button>
          <button type="button" className="btn" onClick={() => binaryInput.current?.click()}>
            IDX / CIFAR files…
          </button>
        </div>
        <input
          ref={(el) => {
            folderInput.current = el;
            // Not in React's typings; lets the picker choose a whole folder.
            el?.setAttribute('webkitdirectory', '');
          }}
          type="file"
          multiple
          hidden
          aria-label="Image folder"
          onChange={(e) => pickedImages(e.target.files)}
        />
        <input
          ref={zipInput}
          type="file"
          multiple
          accept=".zip,application/zip"
          hidden
          aria-label="Zip of image folders"
          onChange={(e) => pickedImages(e.target.files)}
        />
        <input
          ref={binaryInput}
          type="file"
          multiple
          hidden
          aria-label="IDX or CIFAR files"
          onChange={(e) => void pickedBinary(e.target.files)}
        />
      </div>
      <div className="form-grid" role="group" aria-label="Import settings">
        <NumberField
          label="Image size"
          value={imports.size}
          min={IMPORT_SIZE_LIMITS[0]}
          max={IMPORT_SIZE_LIMITS[1]}
          unit="px"
          help="Pictures are resized to this many pixels square"
          onChange={(size) => setImports({ size })}
        />
        <ColourSelect value={imports.channels} onChange={(channels) => setImports({ channels })} />
        <div className="field">
          <label htmlFor="import-fit">Fit</label>
          <select
            id="import-fit"
            value={imports.fit}
            onChange={(e) => setImports({ fit: e.target.value === 'stretch' ? 'stretch' : 'crop' })}
          >
            <option value="crop">Crop to square</option>
            <option value="stretch">Stretch</option>
          </select>
        </div>
      </div>
      {fixedSize && <p className="hint">IDX and CIFAR files keep their own size and colours.</p>}
    </div>
  );
}
