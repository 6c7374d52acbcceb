import { h } from './dom';

const STORAGE_KEY = 'partnership-hub.large-text';

function apply(large: boolean): void {
  document.documentElement.classList.toggle('large-text', large);
}

/** Applies the remembered text size (a wall screen is set once and stays large). */
export function restoreTextSize(): void {
  apply(localStorage.getItem(STORAGE_KEY) === 'on');
}

/** A toggle button for large text, remembered in this browser. */
export function textSizeToggle(): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'button subtle', 'aria-pressed': String(document.documentElement.classList.contains('large-text')) }, 'Large text');
  button.addEventListener('click', () => {
    const large = !document.documentElement.classList.contains('large-text');
    apply(large);
    localStorage.setItem(STORAGE_KEY, large ? 'on' : 'off');
    button.setAttribute('aria-pressed', String(large));
  });
  return button;
}
