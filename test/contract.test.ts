import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { composeSupergraph, readSupergraph, SUBGRAPHS, type SubgraphName, subgraphTypeDefs } from '@switchyard/schema';
import { Kind, visit } from 'graphql';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('the graph contract', () => {
  it('composes, and the committed supergraph is what the subgraph SDLs compose to', () => {
    // Stale? Run `npm run compose` and commit schema/supergraph.graphql.
    expect(readSupergraph()).toBe(composeSupergraph());
  });

  it('describes every type, field, argument and enum value of every subgraph', () => {
    const missing: string[] = [];
    for (const name of Object.keys(SUBGRAPHS) as SubgraphName[]) {
      let typeName = '';
      let fieldName = '';
      visit(subgraphTypeDefs(name), {
        enter(node) {
          if (!('name' in node) || !node.name || !('description' in node)) return;
          let label: string;
          if (node.kind === Kind.FIELD_DEFINITION || node.kind === Kind.ENUM_VALUE_DEFINITION) {
            fieldName = node.name.value;
            label = `${typeName}.${fieldName}`;
          } else if (node.kind === Kind.INPUT_VALUE_DEFINITION) {
            // An argument of the current field, or a field of an input type.
            label = fieldName ? `${typeName}.${fieldName}(${node.name.value})` : `${typeName}.${node.name.value}`;
          } else {
            typeName = node.name.value;
            fieldName = '';
            label = typeName;
          }
          if (!node.description) missing.push(`${name}: ${label}`);
        },
      });
    }
    expect(missing).toEqual([]);
  });

  it('links a federation version with @cost and @listSize (2.9 or later) in every subgraph', () => {
    for (const name of Object.keys(SUBGRAPHS) as SubgraphName[]) {
      const sdl = JSON.stringify(subgraphTypeDefs(name));
      const version = /federation\/v2\.(\d+)/.exec(sdl)?.[1];
      expect(Number(version), name).toBeGreaterThanOrEqual(9);
    }
  });

  it('has committed resolver types that match what codegen generates now', async () => {
    // Stale? Run `npm run codegen` and commit subgraphs/*/src/__generated__.
    const { config } = await loadCodegenConfig({ configFilePath: join(root, 'codegen.yml') });
    const outputs = await generate({ ...config, cwd: root, silent: true }, false);
    expect(outputs.length).toBe(5);
    for (const output of outputs) {
      expect(readFileSync(join(root, output.filename), 'utf8'), output.filename).toBe(output.content);
    }
  });

  it('loads one copy of graphql in the whole tree', () => {
    const copies = new Set<string>();
    for (const workspace of [
      'gateway',
      'schema',
      'packages/service',
      ...Object.keys(SUBGRAPHS).map((s) => `subgraphs/${s}`),
    ]) {
      const require = createRequire(join(root, workspace, 'package.json'));
      copies.add(require.resolve('graphql'));
      for (const dependent of ['@apollo/server', '@apollo/gateway', '@apollo/subgraph']) {
        try {
          copies.add(createRequire(require.resolve(dependent)).resolve('graphql'));
        } catch {
          // not a dependency of this workspace
        }
      }
    }
    expect([...copies]).toEqual([join(root, 'node_modules/graphql/index.js')]);
  });
});
