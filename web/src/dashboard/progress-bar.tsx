/** A labelled progress bar, 0 to 100. Preact sets the width through the CSSOM, which the CSP allows (a style attribute it would not). */
export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div class="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} aria-label={label}>
      <span class="progress-fill" style={{ width: `${value}%` }} />
    </div>
  );
}
