import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * The frame of every "getting in" page: one card with the page's heading. Names the tab, and
 * focuses the heading (or `autofocus`, the sign-in page's email) when the page opens.
 */
export function GettingInPage({ title, heading, children, autofocus }: { title: string; heading?: string; children: ComponentChildren; autofocus?: string }) {
  const main = useRef<HTMLElement>(null);
  // At once, so that the first key pressed on the new page starts from its heading.
  useLayoutEffect(() => {
    document.title = `${title} · Partnership Hub`;
    const target = autofocus ? document.getElementById(autofocus) : main.current?.querySelector('h1');
    target?.focus();
  }, [title]);
  return (
    <main id="main" tabIndex={-1} class="narrow" ref={main}>
      <div class="card getting-in">
        <h1 tabIndex={-1}>{heading ?? title}</h1>
        {children}
      </div>
    </main>
  );
}
