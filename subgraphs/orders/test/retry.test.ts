import { describe, expect, it } from 'vitest';
import { OrderDomainError } from '../src/domain/errors.js';
import { compensationRetry, concurrentModificationRetry, FINAL_PLACEMENT_CODES, sagaStepRetry } from '../src/retry.js';

/** A call that fails with `error` the first `failures` times, then answers; counts its attempts. */
function flaky(failures: number, error: () => Error) {
  const call = async () => {
    call.attempts += 1;
    if (call.attempts <= failures) throw error();
    return 'done';
  };
  call.attempts = 0;
  return call;
}

const unreachable = () => new OrderDomainError('DEPENDENCY_UNAVAILABLE', 'inventory is unreachable');

describe('retry policies', () => {
  it('retries a saga step that failed for a transient reason, up to its retries', async () => {
    const twice = flaky(2, unreachable);
    // 1 attempt + 2 retries = 3 attempts, the third answers.
    await expect(sagaStepRetry({ retries: 2, initialDelayMs: 1 }).execute(twice)).resolves.toBe('done');
    expect(twice.attempts).toBe(3);
    const always = flaky(Number.POSITIVE_INFINITY, unreachable);
    await expect(sagaStepRetry({ retries: 1, initialDelayMs: 1 }).execute(always)).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
    });
    // 1 attempt + 1 retry.
    expect(always.attempts).toBe(2);
  });

  it.each([...FINAL_PLACEMENT_CODES])('never retries a saga step that failed with the final code %s', async (code) => {
    const call = flaky(1, () => new OrderDomainError(code, 'final'));
    await expect(sagaStepRetry({ retries: 3, initialDelayMs: 1 }).execute(call)).rejects.toMatchObject({ code });
    expect(call.attempts).toBe(1);
  });

  it('retries a compensation whatever failed it', async () => {
    const call = flaky(2, () => new Error('socket hang up'));
    await expect(compensationRetry({ retries: 2, initialDelayMs: 1 }).execute(call)).resolves.toBe('done');
    expect(call.attempts).toBe(3);
  });

  it('retries a command only when another writer won the race for the order', async () => {
    const raced = flaky(3, () => new OrderDomainError('ORDER_CONCURRENT_MODIFICATION', 'raced'));
    await expect(concurrentModificationRetry(3).execute(raced)).resolves.toBe('done');
    // 3 lost races + the winning attempt = 4.
    expect(raced.attempts).toBe(4);
    const refused = flaky(1, () => new OrderDomainError('ORDER_NOT_PENDING', 'placed already'));
    await expect(concurrentModificationRetry(3).execute(refused)).rejects.toMatchObject({ code: 'ORDER_NOT_PENDING' });
    expect(refused.attempts).toBe(1);
    // No retries configured (a client's command): the race is reported.
    const once = flaky(1, () => new OrderDomainError('ORDER_CONCURRENT_MODIFICATION', 'raced'));
    await expect(concurrentModificationRetry(0).execute(once)).rejects.toMatchObject({
      code: 'ORDER_CONCURRENT_MODIFICATION',
    });
    expect(once.attempts).toBe(1);
  });
});
