import { randomUUID } from 'node:crypto';
import { OrderDomainError } from '../domain/errors.js';
import type { CurrencyCode } from '../domain/order.js';

/**
 * A card as the provider hands it back: a token to charge later and the last four digits to show.
 * The full number never leaves `tokenize`; nothing of the card but these is stored.
 */
export interface PaymentMethod {
  token: string;
  last4: string;
}

export interface ChargeRequest {
  /** The same key always means the same charge: a retried charge is not charged twice. */
  idempotencyKey: string;
  token: string;
  amountMinor: number;
  currency: CurrencyCode;
  /** Aborted when the caller stops waiting (its timeout): the provider should stop too. */
  signal: AbortSignal;
}

export interface Charge {
  paymentId: string;
  amountMinor: number;
}

/** A payment processor (docs/adr/0007-orders-event-sourcing-and-saga.md). */
export interface PaymentProvider {
  /**
   * Validates a card number and returns its token.
   * @throws OrderDomainError INVALID_ARGUMENT for something that is not a card number.
   */
  tokenize(cardNumber: string): Promise<PaymentMethod>;
  /**
   * Charges a tokenized card.
   * @throws OrderDomainError PAYMENT_DECLINED when the issuer refuses; any other error is a
   *   failure of the provider (the saga treats both as a failed step and compensates).
   */
  charge(request: ChargeRequest): Promise<Charge>;
  /**
   * Voids or refunds whatever the charge with this key took, if anything: a no-op when no such
   * charge went through. Idempotent. The compensation of `charge`.
   */
  refund(request: { idempotencyKey: string; signal: AbortSignal }): Promise<void>;
}

/** The simulated processor's test cards (README "Payments"). */
export const TEST_CARDS = {
  /** Always approved. */
  SUCCESS: '4242424242424242',
  /** Always declined by the issuer: the order is cancelled with PAYMENT_DECLINED. */
  DECLINE: '4000000000000002',
  /** Never answers: the saga's payment timeout fires and the order is cancelled with PAYMENT_TIMEOUT. */
  TIMEOUT: '4000000000009995',
} as const;

type Behaviour = 'approve' | 'decline' | 'hang';
const BEHAVIOUR_OF: Record<string, Behaviour> = {
  [TEST_CARDS.SUCCESS]: 'approve',
  [TEST_CARDS.DECLINE]: 'decline',
  [TEST_CARDS.TIMEOUT]: 'hang',
};

/** True when `digits` passes the Luhn check every card number does. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * The default provider: a card processor simulated in process. The three `TEST_CARDS` behave as
 * named; any other Luhn-valid number is approved. Tokens carry the card's behaviour and last four
 * digits (`sim_<behaviour>_<last4>_<uuid>`), so a saga resumed by another process can still
 * charge it without the card number ever being stored. Charges are remembered by idempotency key
 * in memory (a real processor remembers them on its side).
 */
export class SimulatedCardProcessor implements PaymentProvider {
  private readonly charges = new Map<string, { charge: Charge; refunded: boolean }>();

  async tokenize(cardNumber: string): Promise<PaymentMethod> {
    const digits = cardNumber.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) {
      throw new OrderDomainError('INVALID_ARGUMENT', 'cardNumber must be 12 to 19 digits that pass the Luhn check', {
        argument: 'paymentMethod.cardNumber',
      });
    }
    const last4 = digits.slice(-4);
    const behaviour = BEHAVIOUR_OF[digits] ?? 'approve';
    return { token: `sim_${behaviour}_${last4}_${randomUUID()}`, last4 };
  }

  async charge(request: ChargeRequest): Promise<Charge> {
    const known = this.charges.get(request.idempotencyKey);
    if (known) return known.charge;
    const [, behaviour, last4] = request.token.split('_');
    if (behaviour === 'hang') {
      // Never answers; only the caller's abort ends the wait (no timer of ours is left behind).
      return new Promise((_resolve, reject) => {
        const abort = () => reject(request.signal.reason ?? new Error('charge aborted'));
        if (request.signal.aborted) abort();
        else request.signal.addEventListener('abort', abort, { once: true });
      });
    }
    if (behaviour === 'decline') {
      throw new OrderDomainError('PAYMENT_DECLINED', `The card ending ${last4} was declined by its issuer`, {
        cardLast4: last4 ?? null,
      });
    }
    if (behaviour !== 'approve') throw new Error(`unknown payment token ${JSON.stringify(request.token)}`);
    const charge = { paymentId: `pay_${randomUUID()}`, amountMinor: request.amountMinor };
    this.charges.set(request.idempotencyKey, { charge, refunded: false });
    return charge;
  }

  async refund(request: { idempotencyKey: string }): Promise<void> {
    const known = this.charges.get(request.idempotencyKey);
    if (known) known.refunded = true;
  }

  /** What the processor holds for a key (tests): the charge and whether it was refunded. */
  chargeFor(idempotencyKey: string): { charge: Charge; refunded: boolean } | undefined {
    return this.charges.get(idempotencyKey);
  }
}
