// Where the time goes, for `SIGNET_TIMINGS=1 signet …` and the benchmark: named marks
// in milliseconds since the process started, printed by the CLI when it ends. Off
// unless asked for, and then only labels and times: nothing about the files or keys.
const enabled = process.env.SIGNET_TIMINGS === '1';
const marks: [string, number][] = [];

/** Records that `label` has just finished. */
export function mark(label: string): void {
  if (enabled) marks.push([label, performance.now()]);
}

/** "label +N ms" for each mark, the time since the mark before; undefined when off. */
export function timingsReport(): string | undefined {
  if (!enabled) return undefined;
  let previous = 0;
  const lines = marks.map(([label, at]) => {
    const line = `  ${label.padEnd(34)} ${`+${(at - previous).toFixed(0)}`.padStart(6)} ms  (at ${at.toFixed(0)} ms)`;
    previous = at;
    return line;
  });
  return `timings since the process started:\n${lines.join('\n')}\n`;
}
