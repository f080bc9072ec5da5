import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

/** A commit that records its batches and holds each until released, like a slow disk. */
function recorder(fails: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  const held: Array<() => void> = [];
  const commit = async (items: readonly number[]) => {
    batches.push([...items]);
    await new Promise<void>((resolve) => held.push(resolve));
    if (items.some(fails)) throw new Error(`refused ${items.filter(fails).join(', ')}`);
  };
  const releaseAll = async () => {
    // Each release lets the next batch start: keep going until nothing is held.
    while (held.length > 0) {
      held.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { batches, commit, releaseAll };
}

describe('group commit', () => {
  it('sends the first write at once and the ones that arrive meanwhile together in the next commit', async () => {
    const { batches, commit, releaseAll } = recorder();
    const write = createGroupCommit(commit);
    const writes = Array.from({ length: 10 }, (_, i) => write(i));
    expect(batches).toEqual([[0]]);
    await releaseAll();
    await Promise.all(writes);
    expect(batches).toEqual([[0], [1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  });

  it('bounds a commit to maxBatch writes', async () => {
    const { batches, commit, releaseAll } = recorder();
    const write = createGroupCommit(commit, 4);
    const writes = Array.from({ length: 10 }, (_, i) => write(i));
    await releaseAll();
    await Promise.all(writes);
    expect(batches.map((batch) => batch.length)).toEqual([1, 4, 4, 1]);
  });

  it('fails only the bad write of a batch: the others are written one by one and resolve', async () => {
    const { batches, commit, releaseAll } = recorder((item) => item === 3);
    const write = createGroupCommit(commit);
    const results = Array.from({ length: 5 }, (_, i) =>
      write(i).then(
        () => 'ok',
        (error: Error) => error.message,
      ),
    );
    await releaseAll();
    expect(await Promise.all(results)).toEqual(['ok', 'ok', 'ok', 'refused 3', 'ok']);
    expect(batches).toEqual([[0], [1, 2, 3, 4], [1], [2], [3], [4]]);
  });
});
