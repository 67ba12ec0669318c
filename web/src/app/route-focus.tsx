import { useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';

/**
 * After a client-side navigation, moves focus to the new page's h1 so keyboard and screen-reader users
 * start at the top of the new content (as a full page load would). The first load keeps default focus.
 */
export function RouteFocus() {
  // The resolved location changes once the new page (lazily loaded code included) is on screen.
  const pathname = useRouterState({ select: (state) => state.resolvedLocation?.pathname ?? state.location.pathname });
  const previous = useRef<string | null>(null);
  useEffect(() => {
    if (previous.current === null) {
      previous.current = pathname;
      return;
    }
    if (previous.current === pathname) return;
    previous.current = pathname;
    const frame = window.requestAnimationFrame(() => {
      const target = document.getElementById('page-title') ?? document.getElementById('main');
      target?.focus({ preventScroll: false });
    });
    return () => window.cancelAnimationFrame(frame);
  }, [pathname]);
  return null;
}
