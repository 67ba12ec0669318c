import type { ReactNode } from 'react';

/** A key figure with its label; the label follows the number so it reads naturally ("12 channels"). */
export function Stat({ value, label, children }: { value: string; label: string; children?: ReactNode }) {
  return (
    <div className="stat">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
      {children}
    </div>
  );
}
