import { appError } from '@switchyard/errors';
import type { MutationResolvers } from '../__generated__/resolvers.js';
import { hashPassword, verifyPassword } from '../passwords.js';

// A pragmatic address check (one @, a dot in the domain, no spaces); the real proof is a mail.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const PASSWORD_MIN = 10;
const PASSWORD_MAX = 200;
const NAME_MAX = 100;

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function invalid(argument: string, message: string) {
  return appError('INVALID_ARGUMENT', message, { argument });
}

export const Mutation: MutationResolvers = {
  register: async (_parent, args, { repository, issueToken }) => {
    const email = normaliseEmail(args.email);
    const name = args.name.trim();
    if (email.length > 254 || !EMAIL.test(email))
      throw invalid('email', `"email" is not an email address: ${JSON.stringify(args.email)}`);
    if (args.password.length < PASSWORD_MIN || args.password.length > PASSWORD_MAX) {
      throw invalid(
        'password',
        `"password" must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters, got ${args.password.length}`,
      );
    }
    if (name.length === 0 || name.length > NAME_MAX)
      throw invalid('name', `"name" must be 1 to ${NAME_MAX} characters`);
    const user = await repository.insertCustomer({ email, name, passwordHash: await hashPassword(args.password) });
    if (!user) throw appError('EMAIL_TAKEN', 'An account with this email exists already', { argument: 'email' });
    const { token, expiresAt } = await issueToken(user);
    return { token, expiresAt, user };
  },

  login: async (_parent, args, { repository, throttle, issueToken, clientIp }) => {
    const email = normaliseEmail(args.email);
    const wait = await throttle.retryAfter(email, clientIp);
    if (wait > 0) {
      throw appError('TOO_MANY_REQUESTS', `Too many failed sign-ins from this address; try again in ${wait} s`, {
        retryAfterSeconds: wait,
      });
    }
    const account = args.password.length <= PASSWORD_MAX ? await repository.findCredentials(email) : undefined;
    // Unknown account or wrong password: the same work (one scrypt) and the same answer.
    const ok = await verifyPassword(args.password, account?.passwordHash ?? null);
    if (!account || !ok) {
      await throttle.recordFailure(email, clientIp);
      throw appError('INVALID_CREDENTIALS', 'The email or password is wrong');
    }
    await throttle.recordSuccess(email, clientIp);
    const { passwordHash: _hash, ...user } = account;
    const { token, expiresAt } = await issueToken(user);
    return { token, expiresAt, user };
  },
};
