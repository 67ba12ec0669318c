import { type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * The scroll box around a wide table. When the table is wider than the box, the box becomes a
 * focusable, named region so keyboard users can scroll it too (WCAG 2.1.1); otherwise it stays out
 * of the tab order.
 */
export function TableWrap({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollable, setScrollable] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setScrollable(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      className={['table-wrap', className].filter(Boolean).join(' ')}
      {...(scrollable ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}
    >
      {children}
    </div>
  );
}
