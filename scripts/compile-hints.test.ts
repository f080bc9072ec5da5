import { describe, expect, it } from 'vitest';
import { COMPILE_HINT, compileHints } from './compile-hints.ts';

type Bundle = Record<string, Record<string, unknown>>;

function run(bundle: Bundle) {
  const hook = compileHints().generateBundle as unknown as {
    order: string;
    handler: (this: unknown, options: unknown, bundle: Bundle, isWrite: boolean) => void;
  };
  hook.handler.call({}, {}, bundle, true);
  return hook;
}

function chunkWithMap(code: string, mappings: string) {
  const map = { version: 3, mappings, sources: ['a.ts'], names: [] as string[] };
  return {
    type: 'chunk',
    fileName: 'assets/index-abc.js',
    code,
    map: {
      ...map,
      toString() {
        return JSON.stringify({ ...map, mappings: this.mappings });
      },
    },
  };
}

describe('compileHints', () => {
  it('puts the hint on the first line of every chunk, after what Vite put there, and shifts the map by that line', () => {
    const chunk = chunkWithMap('const __vite__mapDeps=1;\nfunction f(){}', 'AAAA;AACA');
    const bundle: Bundle = {
      'assets/index-abc.js': chunk,
      'assets/index-abc.js.map': { type: 'asset', fileName: 'assets/index-abc.js.map', source: 'old' },
      'assets/index.css': { type: 'asset', fileName: 'assets/index.css', source: 'a{}' },
    };
    const hook = run(bundle);

    expect(hook.order).toBe('post');
    expect(chunk.code).toBe(`${COMPILE_HINT}\nconst __vite__mapDeps=1;\nfunction f(){}`);
    // One more line at the top: the map gets one more (empty) line, so line 2 of the code still maps to line 1.
    expect(chunk.map.mappings).toBe(';AAAA;AACA');
    expect(JSON.parse(String(bundle['assets/index-abc.js.map']?.source)).mappings).toBe(';AAAA;AACA');
    expect(bundle['assets/index.css']?.source).toBe('a{}');
  });

  it('adds it once', () => {
    const chunk = chunkWithMap('x()', 'AAAA');
    run({ 'a.js': chunk });
    run({ 'a.js': chunk });
    expect(chunk.code).toBe(`${COMPILE_HINT}\nx()`);
    expect(chunk.map.mappings).toBe(';AAAA');
  });
});
