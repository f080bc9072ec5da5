import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLookupHold } from './lookup-hold.ts';

describe('createLookupHold', () => {
  let path = '/';
  const navigated: string[] = [];
  const navigateTo = (to: string) => {
    navigated.push(to);
    path = to;
  };
  beforeEach(() => {
    vi.useFakeTimers();
    path = '/';
    navigated.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  const deferred = () => {
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<void>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    return { promise, resolve, reject };
  };

  it('navigates as soon as the answers are in, before the hold ends', async () => {
    const lookUp = createLookupHold(60, navigateTo, () => path);
    const answers = deferred();
    const done = lookUp('/users/a', answers.promise);
    await vi.advanceTimersByTimeAsync(10);
    expect(navigated).toEqual([]);
    answers.resolve();
    await done;
    expect(navigated).toEqual(['/users/a']);
    // The hold running out later navigates no more.
    await vi.advanceTimersByTimeAsync(100);
    expect(navigated).toEqual(['/users/a']);
  });

  it('navigates when the hold ends if the answers are slower, and when they fail', async () => {
    const lookUp = createLookupHold(60, navigateTo, () => path);
    void lookUp('/users/slow', deferred().promise);
    await vi.advanceTimersByTimeAsync(59);
    expect(navigated).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(navigated).toEqual(['/users/slow']);

    const failing = deferred();
    const done = lookUp('/users/unknown', failing.promise);
    failing.reject(new Error('404'));
    await done;
    expect(navigated).toEqual(['/users/slow', '/users/unknown']);
  });

  it('a later lookup supersedes an earlier one, and so does a navigation during the hold', async () => {
    const lookUp = createLookupHold(60, navigateTo, () => path);
    void lookUp('/users/first', deferred().promise);
    void lookUp('/users/second', deferred().promise);
    await vi.advanceTimersByTimeAsync(60);
    expect(navigated).toEqual(['/users/second']);

    void lookUp('/users/third', deferred().promise);
    path = '/elsewhere'; // the agent pressed Back
    await vi.advanceTimersByTimeAsync(60);
    expect(navigated).toEqual(['/users/second']);
  });
});
