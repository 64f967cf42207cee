// examples_valid looks at every example, wherever it sits: a wrong one anywhere is reported.
import { describe, expect, test } from 'vitest';
import { validateExamples } from '../../conformance/suite/schema.js';
import { loadSpec, specPath } from '../../conformance/suite/spec.js';

const ayra = () => structuredClone(loadSpec(specPath('ayra')));

describe('examples_valid', () => {
  test('the generated specs have only valid examples', () => {
    for (const vendor of ['ayra', 'qoder', 'smallest']) {
      const { checked, problems } = validateExamples(loadSpec(specPath(vendor)));
      expect(problems).toEqual([]);
      expect(checked).toBeGreaterThan(0);
    }
  });

  test('a property-level example of the wrong type is reported at its pointer', () => {
    const doc = ayra();
    doc.components.schemas.Agent.properties.id.example = 42;
    expect(validateExamples(doc).problems.map((p) => p.where)).toEqual([
      '/components/schemas/Agent/properties/id/example',
    ]);
  });

  test('an example on an inline response schema that misses a required field is reported', () => {
    const doc = ayra();
    doc.paths['/agents/{agent_id}'].delete.responses['418'] = {
      description: 'teapot',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['brew'],
            properties: { brew: { type: 'string' } },
            examples: [{ tea: 'green' }],
          },
        },
      },
    };
    const problems = validateExamples(doc).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.where).toMatch(/responses\/418\/content\/application~1json\/schema\/examples\/0$/);
    expect(problems[0]!.errors.join()).toContain('brew');
  });

  test('a named media-type example that breaks its schema is reported', () => {
    const doc = ayra();
    const media = doc.paths['/agents/{agent_id}'].delete.responses['409'];
    const responses = media.content ?? doc.components.responses[media.$ref.split('/').pop()].content;
    const content = responses['application/json'];
    content.examples = { broken: { value: { error: 'not an object' } } };
    expect(
      validateExamples(doc)
        .problems.map((p) => p.where)
        .join(),
    ).toContain('/examples/broken');
  });
});

describe('percent-encoded $refs', () => {
  test('a response $ref with %7B…%7D resolves, and its schema is checked', async () => {
    const { listOperations } = await import('../../conformance/suite/spec.js');
    const { createSchemaValidator } = await import('../../conformance/suite/schema.js');
    const doc = ayra();
    doc.paths['/agents'].get.responses['299'] = { $ref: '#/paths/~1agents~1%7Bagent_id%7D/put/responses/200' };
    const op = listOperations(doc).find((o) => o.operationId === 'listAgents')!;
    const response = op.responses.find((r) => r.status === '299')!;
    const pointer = response.content['application/json']!.schemaPointer!;
    expect(pointer).toBe('/paths/~1agents~1{agent_id}/put/responses/200/content/application~1json/schema');
    const validator = createSchemaValidator(doc);
    expect(validator.validate(pointer, { id: 'a', name: 'n', status: 'active' })).toEqual([]);
    expect(validator.validate(pointer, { id: 1 })).not.toEqual([]);
  });
});
