// Which backend trains: what the training worker reports once its backend is up (WebGPU, or
// the CPU with the reason in the tooltip).
import { useTraining } from '../../store/training';

export function BackendBadge() {
  const backend = useTraining((s) => s.backend);
  const error = useTraining((s) => (s.backend ? null : s.error));
  if (!backend) {
    return (
      <span className="badge" title={error ?? undefined}>
        {error ? 'No backend' : 'Starting…'}
      </span>
    );
  }
  const gpu = /gpu/i.test(backend.name);
  const title = [backend.description, backend.notice].filter(Boolean).join(' — ');
  return (
    <span
      className={`badge ${gpu ? 'badge-gpu' : 'badge-cpu'}`}
      title={title}
      aria-label={`Training backend: ${backend.name}${backend.notice ? ` (${backend.notice})` : ''}`}
    >
      {gpu ? 'WebGPU' : 'CPU'}
    </span>
  );
}
