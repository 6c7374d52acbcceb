import { render } from 'preact';
import { App } from './app';
import { loadSession, takeKioskKey } from './session';
import { restoreTextSize } from './text-size';

document.querySelector<HTMLAnchorElement>('.skip-link')?.addEventListener('click', (event) => {
  // The address bar's hash is the router's: focus the content without changing it.
  event.preventDefault();
  document.getElementById('main')?.focus();
});
restoreTextSize();
const root = document.getElementById('app')!;
// The "Loading" placeholder of index.html is not Preact's to reuse.
root.replaceChildren();
render(<App initial={takeKioskKey() ?? loadSession()} />, root);
