import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';

type Schema = Record<string, unknown>;
type Operation = {
  parameters?: { name: string; in: string; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};

let server: TestServer;
let operations: [string, Operation][];
beforeAll(async () => {
  server = await startServer();
  const { status, body } = await new ApiClient(server.url).get('/api/docs');
  expect(status).toBe(200);
  operations = Object.entries<Record<string, Operation>>(body.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
  );
});
afterAll(() => server.close());

/** Where a schema, or one nested in it, says nothing about its value (`{}`, as `Type.Unknown()` gives). */
function blankSchemas(schema: unknown, at: string): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  if (Array.isArray(schema)) return schema.flatMap((s, i) => blankSchemas(s, `${at}[${i}]`));
  const described = Object.keys(schema).some((k) => k !== 'description' && k !== 'title');
  if (!described) return [at];
  return Object.entries(schema).flatMap(([key, value]) => {
    if (key === 'properties' || key === 'patternProperties') {
      return Object.entries(value as Schema).flatMap(([name, s]) => blankSchemas(s, `${at}.${name}`));
    }
    if (['items', 'anyOf', 'oneOf', 'allOf', 'additionalProperties'].includes(key)) return blankSchemas(value, `${at}.${key}`);
    return [];
  });
}

/** Strings in a schema that have no bound on their length. */
function uncappedStrings(schema: unknown, at: string): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  if (Array.isArray(schema)) return schema.flatMap((s, i) => uncappedStrings(s, `${at}[${i}]`));
  const s = schema as Schema;
  const own = s.type === 'string' && s.maxLength === undefined && s.enum === undefined && s.format !== 'uuid' ? [at] : [];
  const nested = Object.entries(s).flatMap(([key, value]) => {
    if (key === 'properties') return Object.entries(value as Schema).flatMap(([name, p]) => uncappedStrings(p, `${at}.${name}`));
    if (['items', 'anyOf', 'oneOf', 'allOf'].includes(key)) return uncappedStrings(value, at);
    return [];
  });
  return [...own, ...nested];
}

describe('the OpenAPI document at /api/docs', () => {
  it('describes every successful JSON response, the diff and the changelog included', () => {
    const blanks = operations.flatMap(([name, op]) =>
      Object.entries(op.responses)
        .filter(([status]) => status.startsWith('2'))
        .flatMap(([status, response]) => Object.values(response.content ?? {}).flatMap((c) => blankSchemas(c.schema, `${name} ${status}`))),
    );
    // An audit entry's payload differs by entry type; it is the one deliberately free-form object.
    expect(blanks.filter((at) => !/\/audit 200\.entries\.items\.payload\./.test(at))).toEqual([]);

    const diff = operations.find(([name]) => name === 'GET /api/rulebooks/{slug}/diff')![1];
    expect(Object.keys(diff.responses['200']!.content!['application/json']!.schema.properties as Schema)).toEqual([
      'from',
      'to',
      'summary',
      'title',
      'preamble',
      'articles',
    ]);
    const release = operations.find(([name]) => name === 'GET /api/rulebooks/{slug}/releases/{version}')![1];
    const changelog = (release.responses['200']!.content!['application/json']!.schema.properties as Record<string, Schema>).changelog!;
    expect(Object.keys(changelog.properties as Schema)).toEqual(['previousVersion', 'amendments', 'directEdits', 'summary']);
  });

  it('caps the length of every string a request carries, in its body, path or query', () => {
    const uncapped = operations.flatMap(([name, op]) => [
      ...Object.values(op.requestBody?.content ?? {}).flatMap((c) => uncappedStrings(c.schema, `${name} body`)),
      ...(op.parameters ?? []).flatMap((p) => uncappedStrings(p.schema, `${name} ${p.in} ${p.name}`)),
    ]);
    expect(uncapped).toEqual([]);
  });
});
