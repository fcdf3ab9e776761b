import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../../../src/runtime/ansi.ts';
import { readNdjson } from '../../../src/runtime/ndjson.ts';
import { toTree } from '../../../src/runtime/tree.ts';

describe('stripAnsi', () => {
  it('removes colour, cursor and OSC sequences and normalises PTY line ends', () => {
    expect(stripAnsi('\u001b[1m\u001b[32m✔ ok\u001b[39m\u001b[22m\r\nnext\r\n')).toBe('✔ ok\nnext\n');
    expect(stripAnsi('\u001b]0;title\u0007text\u001b[2K\u001b[1G')).toBe('text');
  });
  it('keeps what a carriage return wrote last on a line', () => {
    expect(stripAnsi('progress 10%\rprogress 100%\ndone')).toBe('progress 100%\ndone');
  });
});

describe('toTree', () => {
  it('nests paths into directories', () => {
    expect(toTree({ 'a.js': '1', 'lib/b.js': '2', 'lib/deep/c.js': '3' })).toEqual({
      'a.js': { file: { contents: '1' } },
      lib: { directory: { 'b.js': { file: { contents: '2' } }, deep: { directory: { 'c.js': { file: { contents: '3' } } } } } },
    });
  });
  it('refuses paths that climb out', () => {
    expect(() => toTree({ '../x.js': '' })).toThrow(/Invalid path/);
  });
});

describe('readNdjson', () => {
  it('parses lines split across chunks and a last line without newline', async () => {
    const encoder = new TextEncoder();
    const parts = ['{"a":1}\n{"b"', ':2}\n', '{"c":3}'];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(encoder.encode(part));
        controller.close();
      },
    });
    const events: unknown[] = [];
    await readNdjson(stream, (e) => events.push(e));
    expect(events).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });
});
