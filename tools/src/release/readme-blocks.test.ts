import { describe, expect, it } from 'vitest';
import { runnableBlocks } from './readme-blocks';

describe('runnableBlocks', () => {
  it('returns only the ```ts blocks that follow a <!-- run --> marker, with their fence line', () => {
    const md = ['# x', '```ts', 'fragment();', '```', '<!-- run -->', '', '```ts', 'const a = 1;', 'console.log(a);', '```', '```sh', 'npm i', '```'].join('\n');
    expect(runnableBlocks(md)).toEqual([{ line: 7, code: 'const a = 1;\nconsole.log(a);\n' }]);
  });

  it('refuses a marker that is not followed by a ts block', () => {
    expect(() => runnableBlocks('<!-- run -->\n```sh\nls\n```\n')).toThrow('<!-- run --> on line 1 must be followed by a ```ts block; got "```sh"');
  });

  it('refuses a ts block that is never closed', () => {
    expect(() => runnableBlocks('<!-- run -->\n```ts\nconst a = 1;\n')).toThrow('the ```ts block opened on line 2 is never closed');
  });
});
