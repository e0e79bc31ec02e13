// Settings of the synthetic shapes dataset; it regenerates shortly after each change.
import { SHAPE_KINDS } from '../../engine/data/synthetic-shapes';
import { useDataset } from '../../store/dataset';
import { SHAPES_LIMITS } from '../../store/dataset-settings';
import { NumberField } from '../common/NumberField';

export function ShapesForm() {
  const shapes = useDataset((s) => s.shapes);
  const set = useDataset((s) => s.setShapes);
  return (
    <div className="form-grid" role="group" aria-label="Shapes settings">
      <NumberField
        label="Classes"
        value={shapes.classes}
        min={SHAPES_LIMITS.classes[0]}
        max={SHAPES_LIMITS.classes[1]}
        help={`The first N of: ${SHAPE_KINDS.join(', ')}`}
        onChange={(classes) => set({ classes })}
      />
      <NumberField
        label="Images"
        value={shapes.count}
        min={SHAPES_LIMITS.count[0]}
        max={SHAPES_LIMITS.count[1]}
        step={100}
        help="Total number of images, spread evenly over the classes"
        onChange={(count) => set({ count })}
      />
      <NumberField
        label="Size"
        value={shapes.size}
        min={SHAPES_LIMITS.size[0]}
        max={SHAPES_LIMITS.size[1]}
        unit="px"
        onChange={(size) => set({ size })}
      />
      <NumberField
        label="Seed"
        value={shapes.seed}
        min={SHAPES_LIMITS.seed[0]}
        max={SHAPES_LIMITS.seed[1]}
        help="The same seed always gives the same images"
        onChange={(seed) => set({ seed })}
      />
      <ColourSelect value={shapes.channels} onChange={(channels) => set({ channels })} />
    </div>
  );
}

export function ColourSelect({ value, onChange }: { value: 1 | 3; onChange: (c: 1 | 3) => void }) {
  return (
    <div className="field">
      <label htmlFor="colour-mode">Colour</label>
      <select
        id="colour-mode"
        value={value}
        onChange={(e) => onChange(Number(e.target.value) === 1 ? 1 : 3)}
      >
        <option value={3}>RGB</option>
        <option value={1}>Grayscale</option>
      </select>
    </div>
  );
}
