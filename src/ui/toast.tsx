import { useEffect, useState, useSyncExternalStore } from 'react';

/** A tiny notice store for messages that have no inline place (a background refresh failed). */
interface Toast {
  id: number;
  text: string;
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => {
  for (const listener of listeners) listener();
};

export function showToast(text: string): void {
  // The same failure repeating (every page refetch) shows once.
  if (toasts.some((t) => t.text === text)) return;
  toasts = [...toasts, { id: nextId++, text }];
  emit();
}

function dismiss(id: number) {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

const TOAST_MS = 10_000;

function ToastItem({ toast }: { toast: Toast }) {
  const [hovered, setHovered] = useState(false);
  useEffect(() => {
    if (hovered) return;
    const timer = setTimeout(() => dismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [hovered, toast.id]);
  return (
    <li className="toast" onMouseEnter={() => setHovered(true)} onMouseLeave={() => setHovered(false)}>
      <span>{toast.text}</span>
      <button type="button" className="button button-quiet" onClick={() => dismiss(toast.id)}>
        Dismiss
      </button>
    </li>
  );
}

export function Toaster() {
  const list = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => toasts,
  );
  return (
    <section className="toasts" aria-label="Notifications from the console" role="log" aria-live="polite">
      {list.length > 0 && (
        <ul>
          {list.map((toast) => (
            <ToastItem key={toast.id} toast={toast} />
          ))}
        </ul>
      )}
    </section>
  );
}
