import { describe, expect, it } from 'vitest';
import { AsyncQueue } from '../src/asyncQueue.js';

describe('AsyncQueue (the one bounded async queue)', () => {
  it('drops a consumer that falls more than `max` items behind instead of buffering', async () => {
    let overflowed = 0;
    let returned = 0;
    const queue = new AsyncQueue<number>({ max: 2, onOverflow: () => overflowed++, onReturn: () => returned++ });
    queue.push(1);
    queue.push(2);
    expect(overflowed).toBe(0);
    queue.push(3); // the third waiting item: over the limit of 2
    expect(overflowed).toBe(1);
    expect(queue.size).toBe(0);
    expect(await queue.next()).toEqual({ done: true, value: undefined });
    queue.push(4); // ended: ignored
    expect(await queue.next()).toEqual({ done: true, value: undefined });
    await queue.return();
    await queue.return();
    expect(returned).toBe(1);
  });

  it('ends an overflowed queue with the error it is given', async () => {
    const queue = new AsyncQueue<number>({ max: 1, overflowError: () => new Error('fell behind') });
    queue.push(1);
    queue.push(2);
    await expect(queue.next()).rejects.toThrow('fell behind');
    expect(await queue.next()).toEqual({ done: true, value: undefined });
  });

  it('hands an item straight to a waiting reader and ends with an error after what it holds', async () => {
    const queue = new AsyncQueue<number>({ max: 1 });
    const waiting = queue.next();
    queue.push(1);
    expect(await waiting).toEqual({ done: false, value: 1 });
    queue.push(2);
    queue.end(new Error('gone'));
    expect(await queue.next()).toEqual({ done: false, value: 2 });
    await expect(queue.next()).rejects.toThrow('gone');
    expect(await queue.next()).toEqual({ done: true, value: undefined });
  });

  it('completes a waiting reader when the consumer returns, and forgets what it held', async () => {
    let returned = 0;
    const queue = new AsyncQueue<number>({ max: 4, onReturn: () => returned++ });
    const waiting = queue.next();
    await queue.return();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(returned).toBe(1);
    const other = new AsyncQueue<number>({ max: 4 });
    other.push(1);
    other.end(new Error('never seen'));
    await other.return();
    expect(await other.next()).toEqual({ done: true, value: undefined });
  });
});
