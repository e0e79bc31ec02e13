// Opens a share link found in the address at start-up, and one pasted into the address of the
// open tab (only the hash changes then: no reload).
import { EXPERIMENT_LINK_PREFIX, openExperimentLink } from '../../store/experiments/app';
import { openShareLink, shareResult } from '../../store/keep';
import { takeShareLink } from '../../store/keep/share-address';

function fromAddress(): void {
  const link = takeShareLink(window.location, (url) =>
    window.history.replaceState(window.history.state, '', url),
  );
  if (!link) return;
  if (link.startsWith(EXPERIMENT_LINK_PREFIX)) {
    const error = openExperimentLink(link);
    if (error) shareResult.setState({ result: { ok: false, message: error } });
    return;
  }
  openShareLink(link);
}

export function openShareLinkInAddress(): void {
  fromAddress();
  window.addEventListener('hashchange', fromAddress);
}
