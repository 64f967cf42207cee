import { describe, expect, it } from 'vitest';
import { notCoveredName, outOfScopeName, parseTodoName } from '../../conformance/suite/todo-names.js';

describe('names of the cases the suite does not run', () => {
  it('reads back what it wrote', () => {
    expect(parseTodoName(notCoveredName('vocalis', 'OrgController_remove'))).toEqual({
      kind: 'not_covered',
      vendor: 'vocalis',
      operation: 'OrgController_remove',
    });
    expect(parseTodoName(outOfScopeName('vocalis OrgController_remove 409[in_use]', 'OrgController_remove'))).toEqual({
      kind: 'out_of_scope',
      id: 'vocalis OrgController_remove 409[in_use]',
      vendor: 'vocalis',
      operation: 'OrgController_remove',
      label: '409[in_use]',
    });
  });

  it('a name neither wrote is neither', () => {
    expect(parseTodoName('vocalis something else entirely')).toBeUndefined();
    expect(parseTodoName('vocalis OrgController_remove: not covered')).toBeUndefined();
  });
});
