// The progress a screen reader hears: once per tenth, never per event, time left in minutes when long.
import { describe, expect, it } from 'vitest';
import { spokenProgress } from '../../src/renderer/src/spokenProgress.js';

const MB = 1_000_000;

describe('spokenProgress', () => {
  it('says a tenth once: the events after it until the next tenth say nothing', () => {
    let last = 0;
    const said: string[] = [];
    for (let done = 0; done <= 100 * MB; done += MB) {
      const spoken = spokenProgress('Sealing', 'video.bin', done, 100 * MB, 1000, last);
      if (spoken) {
        said.push(spoken.text);
        last = spoken.tenth;
      }
    }
    expect(said).toHaveLength(9);
    expect(said[0]).toMatch(/^Sealing video\.bin — 10 % of 100 MB · about \d+ seconds left$/);
    expect(said[8]).toMatch(/^Sealing video\.bin — 90 % of 100 MB/);
  });

  it('gives the time left in minutes when it is long, in seconds when short', () => {
    // 10 % in 60 s: about 9 minutes to go.
    expect(spokenProgress('Opening', 'big.signet', 10 * MB, 100 * MB, 60_000, 0)?.text).toBe('Opening big.signet — 10 % of 100 MB · about 9 minutes left');
    expect(spokenProgress('Opening', undefined, 50 * MB, 100 * MB, 20_000, 4)?.text).toBe('Opening — 50 % of 100 MB · about 20 seconds left');
  });

  it('says nothing at the start, at the end, for an unknown size or for a tenth already said', () => {
    expect(spokenProgress('Sealing', 'a', MB / 2, 100 * MB, 1000, 0)).toBeUndefined();
    expect(spokenProgress('Sealing', 'a', 100 * MB, 100 * MB, 1000, 9)).toBeUndefined();
    expect(spokenProgress('Sealing', 'a', 5, 0, 1000, 0)).toBeUndefined();
    expect(spokenProgress('Sealing', 'a', 35 * MB, 100 * MB, 1000, 3)).toBeUndefined();
  });
});
