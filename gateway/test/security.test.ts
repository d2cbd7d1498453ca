import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { generateSigningJwk, importSigningKey, type SigningKey } from '@switchyard/auth';
import { hasCode } from '@switchyard/errors';
import { readSupergraph } from '@switchyard/schema';
import { createLogger, type GraphQLService } from '@switchyard/service';
import { graphqlExecutor, ManualClock } from '@switchyard/testing';
import { buildSchema, type GraphQLError, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BearerAuthenticator,
  createBearerAuthenticator,
  INVALID_TOKEN_CHALLENGE,
} from '../src/auth/authenticate.js';
import { authorizeOperation } from '../src/auth/authorize.js';
import { readSecurityRequirements, UnsupportedSecurityFeatureError } from '../src/auth/requirements.js';
import { createGateway } from '../src/index.js';

const logger = createLogger('test', 'silent');
const authentication = { jwksUrl: 'http://127.0.0.1:9/jwks.json', issuer: 'test', audience: 'test' };

function compose(sdl: string): string {
  const result = composeServices([{ name: 'a', typeDefs: parse(sdl), url: 'http://127.0.0.1:9/graphql' }]);
  if (result.errors) throw result.errors[0];
  return result.supergraphSdl;
}

describe('security directives fail closed', () => {
  it('are refused by the vanilla gateway, which cannot enforce them', async () => {
    const gateway = new ApolloGateway({ supergraphSdl: readSupergraph(), logger });
    await expect(gateway.load()).rejects.toThrow(/authenticated\/v0\.1 is for: SECURITY but is unsupported/);
    await gateway.stop().catch(() => {});
  });

  it('are read from our supergraph: @authenticated and @requiresScopes, by field', () => {
    const requirements = readSecurityRequirements(readSupergraph());
    expect(requirements.fields.get('Query.me')).toEqual({ authenticated: true, scopeGroups: [] });
    expect(requirements.fields.get('User.email')).toEqual({ authenticated: true, scopeGroups: [] });
    expect(requirements.fields.get('Query.users')).toEqual({
      authenticated: true,
      scopeGroups: [[['users:read:any']]],
    });
    expect(requirements.executableSupergraph).not.toMatch(/for: SECURITY/);
  });

  it('stop a gateway from starting when the supergraph links a security feature it does not enforce', async () => {
    const supergraph = compose(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@policy"])
      type Query { secret: String @policy(policies: [["admins"]]) }
    `);
    expect(supergraph).toMatch(/policy\/v0\.1", for: SECURITY/);
    await expect(
      createGateway({
        logger,
        supergraphSdl: supergraph,
        authentication,
        internalKey: await importSigningKey(await generateSigningJwk()),
        playground: false,
      }),
    ).rejects.toThrow(UnsupportedSecurityFeatureError);
  });

  it('protects every field they mark with a nullable type, so a denial can answer null', () => {
    const requirements = readSecurityRequirements(readSupergraph());
    const sdl = readSupergraph();
    for (const coordinate of requirements.fields.keys()) {
      const [type, field] = coordinate.split('.') as [string, string];
      const definition = new RegExp(
        `type ${type}\\b[^{]*\\{[\\s\\S]*?\\n  ${field}(\\([\\s\\S]*?\\))?: ([^\\s]+)`,
      ).exec(sdl);
      expect(definition?.[2], coordinate).toBeDefined();
      expect(definition?.[2]?.endsWith('!'), `${coordinate} must be nullable`).toBe(false);
    }
  });
});

describe('authorizeOperation', () => {
  const schema = buildSchema(`
    directive @x on FIELD_DEFINITION
    type Query { me: User, pub: String, users: [User] }
    type User { id: ID!, name: String, email: String, secret: Secret }
    type Secret { code: String }
  `);
  const requirements = {
    fields: new Map([
      ['Query.me', { authenticated: true, scopeGroups: [] }],
      ['User.email', { authenticated: true, scopeGroups: [[['users:read:any'], ['support']]] }],
    ]),
    types: new Map([['Secret', { authenticated: true, scopeGroups: [[['vault']]] }]]),
    executableSupergraph: '',
  };
  const run = (query: string, viewer: { id: number; role: 'CUSTOMER' | 'ADMIN'; scopes: string[] } | null) => {
    const document = parse(query);
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
    return authorizeOperation(schema, requirements, document, operation, viewer);
  };

  it('leaves a document alone when nothing is denied (the same object: no work on the hot path)', () => {
    const document = parse('{ pub users { id name } }');
    const operation = document.definitions[0] as OperationDefinitionNode;
    expect(authorizeOperation(schema, requirements, document, operation, null).document).toBe(document);
  });

  it('denies by field, by return type, and by scope sets (any one set suffices)', () => {
    const customer = { id: 2, role: 'CUSTOMER' as const, scopes: ['orders:read:own'] };
    const support = { id: 3, role: 'CUSTOMER' as const, scopes: ['support'] };
    expect(run('{ me { id } }', null).denials.map((d) => [d.path.join('.'), d.code])).toEqual([
      ['me', 'UNAUTHENTICATED'],
    ]);
    expect(run('{ users { email secret { code } } }', customer).denials.map((d) => [d.path.join('.'), d.code])).toEqual(
      [
        ['users.email', 'FORBIDDEN'],
        ['users.secret', 'FORBIDDEN'],
      ],
    );
    expect(run('{ users { email } }', support).denials).toEqual([]);
  });

  it('inlines fragments, keeps aliases in paths, and keeps emptied selections valid', () => {
    const { document, denials } = run('query { a: users { ...F } } fragment F on User { mail: email }', null);
    expect(denials.map((d) => d.path.join('.'))).toEqual(['a.mail']);
    const printed = JSON.stringify(document);
    expect(printed).not.toContain('"email"');
    expect(printed).toContain('switchyardDeniedPlaceholder');
  });
});

describe('introspection and suggestions follow the configuration', () => {
  const closing: GraphQLService<never>[] = [];
  afterAll(async () => {
    await Promise.all(closing.map((s) => s.close()));
  });

  it.each([
    [true, 'on'],
    [false, 'off'],
  ])('introspection %s: schema and "Did you mean" %s', async (introspection) => {
    const gateway = await createGateway({
      logger,
      authentication,
      internalKey: await importSigningKey(await generateSigningJwk()),
      introspection,
      playground: false,
    });
    closing.push(gateway as unknown as GraphQLService<never>);
    const run = graphqlExecutor(gateway.app);
    const schema = await run('{ __schema { queryType { name } } }');
    const typo = await run('{ prodcts { edges { cursor } } }');
    if (introspection) {
      expect(schema.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      expect(typo.errors?.[0]?.message).toMatch(/Did you mean/);
    } else {
      expect(schema.errors?.[0]?.message).toMatch(/introspection/i);
      expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    }
  });
});

describe('bearer tokens and the clock', () => {
  const clock = new ManualClock();
  let users: SigningKey;
  let authenticate: BearerAuthenticator;
  beforeAll(async () => {
    users = await importSigningKey(await generateSigningJwk());
    authenticate = createBearerAuthenticator({
      ...authentication,
      keys: async () => users.publicKey,
      clockToleranceSeconds: 5,
      clock,
    });
  });

  /** A customer token issued `issuedIn` seconds from the clock's now, valid 10 minutes from then. */
  const token = (issuedIn: number) => {
    const iat = Math.floor(clock.now() / 1000) + issuedIn;
    return new SignJWT({ role: 'CUSTOMER' })
      .setProtectedHeader({ alg: 'EdDSA', kid: users.kid })
      .setIssuer(authentication.issuer)
      .setAudience(authentication.audience)
      .setSubject('2')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .sign(users.privateKey);
  };

  it('refuses a token issued 10 minutes in the future with UNAUTHENTICATED, 401 and the challenge', async () => {
    const refused = await authenticate(`Bearer ${await token(600)}`).catch((error: unknown) => error);
    expect(hasCode(refused, 'UNAUTHENTICATED')).toBe(true);
    const http = (refused as GraphQLError).extensions.http as unknown as {
      status: number;
      headers: Map<string, string>;
    };
    expect(http.status).toBe(401);
    expect(http.headers.get('www-authenticate')).toBe(INVALID_TOKEN_CHALLENGE);
  });

  it('accepts a token issued 3 s in the future, within the 5 s tolerance', async () => {
    await expect(authenticate(`Bearer ${await token(3)}`)).resolves.toMatchObject({ id: 2, role: 'CUSTOMER' });
  });

  it('refuses a token once its exp and the tolerance have passed', async () => {
    const bearer = `Bearer ${await token(0)}`;
    await expect(authenticate(bearer)).resolves.toMatchObject({ id: 2 });
    clock.advance(605_000); // exp = iat + 600 s, plus the 5 s tolerance
    await expect(authenticate(bearer)).rejects.toSatisfy((error) => hasCode(error, 'UNAUTHENTICATED'));
  });
});
