import { describe, expect, it } from 'vitest';
import { createChangeFeed } from './create-change-feed';
import { createInProcessHost } from './in-process-host';

describe('createInProcessHost', () => {
  it('refuses a misspelt option instead of ignoring it (a mistyped createEngine would silently train on the default engine)', () => {
    expect(() => createInProcessHost({ memory: {} as never, changes: createChangeFeed(), createEngin: () => undefined } as never)).toThrow(
      /options\.createEngin is not an option; did you mean "createEngine"/,
    );
  });
});
