import type { FastifyInstance } from 'fastify';
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

/** HTTP status of each refusal; the body is `{ code, message, details }`. */
const STATUS_OF: Record<string, number> = {
  INSUFFICIENT_STOCK: 409,
  RESERVATION_RELEASED: 409,
  INVALID_ARGUMENT: 400,
  UNKNOWN_WAREHOUSE: 400,
};

/**
 * The orders service's commands on stock, outside the public graph: `POST /internal/reservations`
 * `{ orderId, lines: [{ productId, quantity }] }` and `POST /internal/reservations/release`
 * `{ orderId }`, both idempotent by order id. Every request needs the orders service token
 * (`Authorization: Bearer`, serviceAuth.ts): 401 without a valid one. Bodies are validated by
 * their JSON schemas (400 `FST_ERR_VALIDATION`).
 */
export function reservationRoutes(reservations: Reservations, verify: ServiceTokenVerifier) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (internal) => {
      internal.addHook('onRequest', async (request, reply) => {
        if (!(await verify(request.headers.authorization))) {
          return reply
            .code(401)
            .send({ code: 'UNAUTHENTICATED', message: 'internal commands need the orders service token' });
        }
      });
      internal.setErrorHandler((error, _request, reply) => {
        if (isInventoryError(error)) {
          return reply
            .code(STATUS_OF[error.code] ?? 400)
            .send({ code: error.code, message: error.message, details: error.details });
        }
        const status = (error as { statusCode?: number }).statusCode;
        if (status && status < 500) {
          return reply.code(status).send({ code: 'INVALID_ARGUMENT', message: (error as Error).message });
        }
        internal.log.error({ err: error }, 'internal reservation command failed');
        return reply.code(500).send({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
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
