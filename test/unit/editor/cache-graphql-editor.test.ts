import { strict as assert } from 'node:assert';
import { complete } from '../../../src/core/editor/completion';
import { hoverAt } from '../../../src/core/editor/hover';
import { parseIntegration } from '../../../src/core/parse';

const FILE = `version: 1
name: g
request:
  url: "https://api.example.com/graphql"
  graphql:
    query: "{ viewer { id } }"
    operationName: Viewer
validate:
  allowGraphqlErrors: true
cache:
  ttl: 5m
  conditional: true
`;
const hover = (needle: string) => hoverAt(parseIntegration(FILE), FILE.indexOf(needle) + 1, { now: new Date(0), secretNames: [], origins: () => [] });

describe('editor: cache and request.graphql keys', () => {
  it('hover documents graphql, its keys, allowGraphqlErrors and cache from the schema', () => {
    assert.match(hover('graphql:')?.markdown ?? '', /sent as a JSON body/);
    assert.match(hover('operationName:')?.markdown ?? '', /Which operation/);
    assert.match(hover('allowGraphqlErrors:')?.markdown ?? '', /still a success/);
    assert.match(hover('cache:')?.markdown ?? '', /If-None-Match/);
    assert.match(hover('conditional:')?.markdown ?? '', /304/);
  });

  it('completion offers graphql under request, its keys, and cache at the top level', () => {
    const at = (text: string) => complete(text.replace('|', ''), text.indexOf('|')).map((e) => e.label);
    assert.ok(at('version: 1\nname: g\nrequest:\n  url: "https://x.example"\n  |\n').includes('graphql'));
    assert.ok(at('version: 1\nname: g\nrequest:\n  url: "https://x.example"\n  graphql:\n    |\n').includes('variables'));
    assert.ok(at('version: 1\nname: g\nrequest:\n  url: "https://x.example"\n|\n').includes('cache'));
    assert.ok(at('version: 1\nname: g\nvalidate:\n  |\n').includes('allowGraphqlErrors'));
  });

  it('warns when cache or allowGraphqlErrors would have no effect; graphql and body conflict', () => {
    const codes = (text: string) => parseIntegration(text).diagnostics.map((d) => `${d.code}: ${d.message}`);
    assert.ok(codes('version: 1\nname: g\nrequest:\n  method: POST\n  url: "https://x.example"\ncache: { ttl: 1m }\n').some((d) => /^unused_key: `cache` has no effect: only GET and HEAD/.test(d)));
    assert.ok(codes('version: 1\nname: g\nrequest:\n  url: "https://x.example"\n  graphql: { query: "{ a }" }\ncache: { ttl: 1m }\n').some((d) => /this request is POST/.test(d)));
    assert.ok(codes('version: 1\nname: g\nrequest:\n  url: "https://x.example"\nvalidate: { allowGraphqlErrors: true }\n').some((d) => /^unused_key: `validate.allowGraphqlErrors`/.test(d)));
    assert.ok(codes('version: 1\nname: g\nrequest:\n  url: "https://x.example"\n  body: {}\n  graphql: { query: "{ a }" }\n').some((d) => /^conflicting_keys/.test(d)));
    assert.deepEqual(codes(FILE), ['unused_key: `cache` has no effect: only GET and HEAD responses are cached (this request is POST)']);
    assert.deepEqual(codes('version: 1\nname: g\nrequest:\n  url: "https://x.example"\n  graphql: { query: "{ a }", variables: { n: "{{ input.n }}" } }\ntrigger: { type: manual, input: { n: 1 } }\n'), []);
  });
});
