import { useLayoutEffect, useRef } from 'react';

/** Focus is somewhere the agent types: a shortcut there would eat a character. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(
      target.type,
    );
  }
  return target.getAttribute('role') === 'textbox' || target.getAttribute('role') === 'combobox';
}

export type ShortcutHandler = (event: KeyboardEvent) => void;

/**
 * Single-key shortcuts on the document (`/`, `j`, `?`…), keyed by `event.key`. They never fire while typing in a
 * field, with Ctrl/Alt/Meta held (the browser's and the screen reader's own shortcuts), or during IME composition.
 */
export function useShortcuts(bindings: Readonly<Record<string, ShortcutHandler>>, enabled = true): void {
  const bindingsRef = useRef(bindings);
  bindingsRef.current = bindings;
  // A layout effect: the listener is on in the commit that draws the console, so a key pressed as soon as the
  // page shows is never lost to an effect that hasn't run yet (CI caught `/` missed right after the first paint).
  useLayoutEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.altKey || event.metaKey)
        return;
      if (isTypingTarget(event.target)) return;
      const handler = bindingsRef.current[event.key];
      if (!handler) return;
      event.preventDefault();
      handler(event);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
