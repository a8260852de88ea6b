import { trimHeapWhenIdle } from '../../src/heap-trim';

const MB = 1024 * 1024;

describe('giving memory back after a busy spell', () => {
  let handled: number;
  let rss: number;
  let trims: Array<[number, number]>;
  let stop: () => void;
  const release = jest.fn(() => {
    rss = 90 * MB;
  });

  beforeEach(() => {
    jest.useFakeTimers();
    handled = 0;
    rss = 90 * MB;
    trims = [];
    release.mockClear();
    stop = trimHeapWhenIdle({ handled: () => handled, rssBytes: () => rss, release, checkEveryMs: 5_000, growthBytes: 32 * MB, onTrim: (before, after) => trims.push([before, after]) });
  });
  afterEach(() => {
    stop();
    jest.useRealTimers();
  });

  it('given a burst that grew memory, when the bot is quiet for a whole interval, then memory is given back once', () => {
    handled = 10_000;
    rss = 240 * MB;
    jest.advanceTimersByTime(5_000); // busy in this interval
    expect(release).not.toHaveBeenCalled();
    jest.advanceTimersByTime(5_000); // quiet for a whole interval
    expect(release).toHaveBeenCalledTimes(1);
    expect(trims).toEqual([[240 * MB, 90 * MB]]);
    jest.advanceTimersByTime(60_000); // still quiet: nothing more
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('given a bot that is never quiet, then its memory is left alone', () => {
    rss = 240 * MB;
    for (let i = 0; i < 20; i++) {
      handled += 50;
      jest.advanceTimersByTime(5_000);
    }
    expect(release).not.toHaveBeenCalled();
  });

  it('given a busy spell that grew memory by less than the threshold, then no GC is spent on it', () => {
    handled = 10;
    rss = 100 * MB;
    jest.advanceTimersByTime(10_000);
    expect(release).not.toHaveBeenCalled();
  });

  it('given a process that has only been idle, then nothing is done', () => {
    rss = 300 * MB;
    jest.advanceTimersByTime(60_000);
    expect(release).not.toHaveBeenCalled();
  });
});
