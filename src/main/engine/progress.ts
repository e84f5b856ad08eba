// Progress reports for long operations: bytes done of the total, for the UI's
// "Sealing report.pdf — 340 MB of 1.2 GB · 95 MB/s · about 9 s left".
export interface Progress {
  phase: 'sealing' | 'opening';
  /** The entry being worked on. */
  current?: string;
  bytesDone: number;
  bytesTotal: number;
}

export type ProgressListener = (progress: Progress) => void;

/** Calls `listener` at most every `intervalMs`, and always for the final figure. */
export function throttledProgress(listener: ProgressListener | undefined, intervalMs = 100): (p: Progress, final?: boolean) => void {
  let last = 0;
  return (p, final = false) => {
    if (!listener) return;
    const now = Date.now();
    if (final || now - last >= intervalMs) {
      last = now;
      listener(p);
    }
  };
}
