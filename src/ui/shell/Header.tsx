import { KeepControls } from '../keep/KeepControls';
import { BackendBadge } from './BackendBadge';

export function Header() {
  return (
    <header className="app-header">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
          <rect x="2" y="2" width="9" height="9" rx="2" />
          <rect x="13" y="2" width="9" height="9" rx="2" opacity="0.65" />
          <rect x="2" y="13" width="9" height="9" rx="2" opacity="0.65" />
          <rect x="13" y="13" width="9" height="9" rx="2" opacity="0.35" />
        </svg>
        <h1>convplay</h1>
        <span className="tagline">build a conv net, train it in your browser, watch it learn</span>
      </div>
      <div className="header-end">
        <KeepControls />
        <BackendBadge />
      </div>
    </header>
  );
}
