import { ERROR_CODES, type ErrorCode } from '@switchyard/errors';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isInventoryError } from '../errors.js';
import type { Reservations } from './reservations.js';
import type { ServiceTokenVerifier } from './serviceAuth.js';

/** Paths of the internal commands (the orders service's InventoryClient calls them). */
export const RESERVATIONS_PATH = '/internal/reservations';
export const RELEASE_PATH = '/internal/reservations/release';

const MAX_INT = 2_147_483_647;
const orderId = { type: 'integer', minimum: 1, maximum: MAX_INT } as const;

const reserveBody = {
  type: 'object',
  additionalProperties: false,
  required: ['orderId', 'lines'],
  properties: {
    orderId,
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['productId', 'quantity'],
        properties: {
          productId: { type: 'integer', minimum: 1, maximum: MAX_INT },
          quantity: { type: 'integer', minimum: 1, maximum: 1000 },
        },
      },
    },
  },
} as const;

const releaseBody = {
  type: 'object',
  additionalProperties: false,
  required: ['orderId'],
  properties: { orderId },
} as const;

/** A refusal's body, with the code's status from the registry. */
interface Refusal {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

function refuse(reply: FastifyReply, refusal: Refusal): FastifyReply {
  return reply.code(ERROR_CODES[refusal.code].status).send(refusal);
}

/**
 * The orders service's commands on stock, outside the public graph: `POST /internal/reservations`
 * `{ orderId, lines: [{ productId, quantity }] }` and `POST /internal/reservations/release`
 * `{ orderId }`, both idempotent by order id. Every request needs the orders service token
 * (`Authorization: Bearer`, serviceAuth.ts): 401 without a valid one. Bodies are validated by
 * their JSON schemas (400 `INVALID_ARGUMENT`). A refusal is `{ code, message, details }` with the
 * code's status from the registry.
 */
export function reservationRoutes(reservations: Reservations, verify: ServiceTokenVerifier) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (internal) => {
      internal.addHook('onRequest', async (request, reply) => {
        if (!(await verify(request.headers.authorization))) {
          return refuse(reply, {
            code: 'UNAUTHENTICATED',
            message: 'internal commands need the orders service token',
          });
        }
      });
      internal.setErrorHandler((error, _request, reply) => {
        if (isInventoryError(error)) {
          return refuse(reply, { code: error.code, message: error.message, details: error.details });
        }
        const status = (error as { statusCode?: number }).statusCode;
        if (status && status < 500) {
          // A body its schema refuses (Fastify's FST_ERR_VALIDATION) or another client error.
          return refuse(reply, { code: 'INVALID_ARGUMENT', message: (error as Error).message });
        }
        internal.log.error({ err: error }, 'internal reservation command failed');
        return refuse(reply, { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
      });

      internal.post<{ Body: { orderId: number; lines: { productId: number; quantity: number }[] } }>(
        RESERVATIONS_PATH,
        { schema: { body: reserveBody } },
        async (request) => reservations.reserve(request.body.orderId, request.body.lines),
      );
      internal.post<{ Body: { orderId: number } }>(
        RELEASE_PATH,
        { schema: { body: releaseBody } },
        async (request) => ({
          orderId: request.body.orderId,
          released: await reservations.release(request.body.orderId),
        }),
      );
    });
  };
}
