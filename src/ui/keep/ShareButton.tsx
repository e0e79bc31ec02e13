// Share: the setup on screen (network, training settings, dataset, seed; no weights) as a link.
// It is copied to the clipboard when the browser allows, and always shown in a field to copy by
// hand, since clipboard access can be refused.
import { useId, useState } from 'react';
import { currentShareLink } from '../../store/keep';

export function ShareButton() {
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fieldId = useId();

  const share = async () => {
    let url: string;
    try {
      url = currentShareLink(window.location.href);
    } catch (e) {
      setLink(null);
      setError(`Could not make a share link: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    setError(null);
    setLink(url);
    setCopied(null);
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <div className="share">
      <button
        type="button"
        className="btn btn-small"
        aria-expanded={link !== null}
        title="Copy a link to this network, its training settings, dataset and seed (no weights)"
        onClick={() => void share()}
      >
        Share
      </button>
      {error && (
        <p className="share-popover keep-error" role="alert">
          {error}
        </p>
      )}
      {link && (
        <div className="share-popover" role="group" aria-label="Share link">
          <label htmlFor={fieldId}>
            {copied ? 'Link copied to the clipboard.' : 'Copy this link:'}
          </label>
          <input
            id={fieldId}
            type="text"
            readOnly
            value={link}
            onFocus={(e) => e.currentTarget.select()}
          />
          <p className="hint">
            It opens this network, its training settings, the dataset choice and the seed. Weights
            are not included: the receiver trains from scratch (export the model to hand them on).
          </p>
          <button type="button" className="btn btn-small" onClick={() => setLink(null)}>
            Done
          </button>
        </div>
      )}
    </div>
  );
}
