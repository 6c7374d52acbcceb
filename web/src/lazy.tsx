import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A view whose code is fetched the first time it is shown (esbuild splits each `import()` into a
 * chunk of its own): what a wall screen or a phone opening the overview downloads stays small
 * while the pages people open now and then grow. Until the chunk arrives the view says it is
 * loading; if it cannot be fetched (the network dropped, or a deploy replaced it) it says so and
 * offers to try again.
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): (props: P) => JSX.Element {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  return function LazyView(props: P) {
    // A counter, not the component: useState calls a function it is given.
    const [, rerender] = useState(0);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded || failed) return;
      let current = true;
      pending ??= load();
      pending.then(
        (view) => {
          loaded = view;
          if (current) rerender((n) => n + 1);
        },
        () => {
          pending = undefined;
          if (current) setFailed(true);
        },
      );
      return () => {
        current = false;
      };
    }, [failed]);
    if (loaded) {
      const View = loaded;
      return <View {...props} />;
    }
    return failed ? (
      <p class="notice" role="alert">
        This page could not be loaded.{' '}
        <button type="button" class="button" onClick={() => setFailed(false)}>
          Try again
        </button>
      </p>
    ) : (
      <p class="loading">Loading…</p>
    );
  };
}
