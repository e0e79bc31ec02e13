// An analysis issue under a layer card: what is wrong, in the analysis' own words (which name
// the numbers), and the one-click fix when there is one.
import type { LayerIssue } from '../../engine/analyze';
import { networkStore } from '../../store/network';

export function IssueMessage({ issue }: { issue: LayerIssue }) {
  const { fix } = issue;
  return (
    <div
      className={`issue issue-${issue.severity}`}
      role={issue.severity === 'error' ? 'alert' : 'note'}
    >
      <span className="issue-icon" aria-hidden="true">
        {issue.severity === 'error' ? '!' : 'i'}
      </span>
      <span className="issue-text">
        <span className="visually-hidden">
          {issue.severity === 'error' ? 'Error: ' : 'Warning: '}
        </span>
        {issue.message}
      </span>
      {fix && (
        <button
          type="button"
          className="btn btn-fix"
          onClick={() => networkStore.getState().applyFix(fix.action)}
        >
          {fix.label}
        </button>
      )}
    </div>
  );
}
