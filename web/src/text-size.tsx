import { useState } from 'preact/hooks';

const STORAGE_KEY = 'partnership-hub.large-text';

function apply(large: boolean): void {
  document.documentElement.classList.toggle('large-text', large);
}

/** Applies the remembered text size (a wall screen is set once and stays large). */
export function restoreTextSize(): void {
  apply(localStorage.getItem(STORAGE_KEY) === 'on');
}

/** A toggle button for large text, remembered in this browser. */
export function TextSizeToggle() {
  const [large, setLarge] = useState(() => document.documentElement.classList.contains('large-text'));
  const toggle = () => {
    apply(!large);
    localStorage.setItem(STORAGE_KEY, large ? 'off' : 'on');
    setLarge(!large);
  };
  return (
    <button type="button" class="button subtle" aria-pressed={large} onClick={toggle}>
      Large text
    </button>
  );
}
