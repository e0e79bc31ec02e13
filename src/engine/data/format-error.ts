// One error type for every "this file is not what it claims to be" case, so callers (the UI's
// import dialog, the CLI) can tell a bad file apart from a bug and show the message as it is.
// Messages are one line and carry the numbers involved: "expected 7840016 bytes, got 4000".

export class DatasetFormatError extends Error {
  override name = 'DatasetFormatError';
}
