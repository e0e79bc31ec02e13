// Choosing a validation image: previous / next (buttons or arrow keys), a random one, or its
// number. Positions index the validation split; people count from 1, so the field shows
// position + 1.
import { useState } from 'react';

export function ImagePicker({
  position,
  count,
  onChange,
}: {
  position: number;
  /** Images in the validation split. */
  count: number;
  onChange: (position: number) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const go = (p: number) => onChange(((p % count) + count) % count);
  const commit = (text: string) => {
    const n = Math.round(Number(text));
    setDraft(null);
    if (text.trim() !== '' && Number.isFinite(n)) go(Math.min(count, Math.max(1, n)) - 1);
  };
  return (
    <div
      className="image-picker"
      role="group"
      aria-label="Validation image"
      // Arrow keys step through images from any of the picker's buttons (the number field
      // keeps them for its caret).
      onKeyDown={(e) => {
        if (e.target instanceof HTMLInputElement) return;
        const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (!step) return;
        e.preventDefault();
        go(position + step);
      }}
    >
      <button
        type="button"
        className="btn btn-small"
        aria-label="Previous image"
        onClick={() => go(position - 1)}
      >
        ‹
      </button>
      <label className="image-number">
        <span className="visually-hidden">Validation image number</span>
        <input
          type="number"
          min={1}
          max={count}
          value={draft ?? String(position + 1)}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={(e) => commit(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget.value)}
        />
        <span className="hint">of {count}</span>
      </label>
      <button
        type="button"
        className="btn btn-small"
        aria-label="Next image"
        onClick={() => go(position + 1)}
      >
        ›
      </button>
      <button
        type="button"
        className="btn btn-small"
        aria-label="Random image"
        onClick={() => go(Math.floor(Math.random() * count))}
      >
        Random
      </button>
    </div>
  );
}
