// A share link arrives as the page's #hash. It is taken out of the address as it is read, so a
// reload shows the user's (now saved) setup instead of applying the link again over later edits.

export interface AddressLike {
  readonly hash: string;
  readonly pathname: string;
  readonly search: string;
}

/** The link in the address, if any; `replace` gets the address without it. */
export function takeShareLink(address: AddressLike, replace: (url: string) => void): string | null {
  // Read before replacing: `address` may be the live window.location.
  const { hash, pathname, search } = address;
  if (hash.length <= 1) return null;
  replace(pathname + search);
  return hash;
}
