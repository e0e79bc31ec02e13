// PLACEHOLDER until the training store lands (feat/session): then this panel shows live loss and
// accuracy curves (training and validation), the learning rate, per-class accuracy and the
// first-layer filters, streamed from src/store/training.ts and compared across src/store/runs.ts.
export function WatchPanel() {
  return (
    <div className="panel-body" data-placeholder="watch">
      <h2>Watch</h2>
      <div className="placeholder">
        <p>
          While a network trains, its loss and accuracy curves, the learning rate and the
          first-layer filters appear here, updating live.
        </p>
      </div>
    </div>
  );
}
