// Opens a share link found in the address at start-up, and one pasted into the address of the
// open tab (only the hash changes then: no reload).
import { openShareLink } from '../../store/keep';
import { takeShareLink } from '../../store/keep/share-address';

function fromAddress(): void {
  const link = takeShareLink(window.location, (url) =>
    window.history.replaceState(window.history.state, '', url),
  );
  if (link) openShareLink(link);
}

export function openShareLinkInAddress(): void {
  fromAddress();
  window.addEventListener('hashchange', fromAddress);
}
