import type { Plugin } from 'vite';

/** https://v8.dev/blog/explicit-compile-hints — V8 honours it only as the first line of a script. */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * A build plugin: V8's explicit compile hint at the top of every JS chunk, so Chromium compiles each function while
 * the chunk streams in instead of lazily on its first call. The first lookup in a fresh page compiled ~310 functions
 * on the main thread between the answers and the first row (BENCHMARKS.md, "Speed work", third round).
 *
 * It runs after every other generateBundle (Vite puts its preload map on the entry's first line there; the hint on
 * line 2 does nothing). The source map gains one empty first line, so every mapping stays on its code.
 */
export function compileHints(): Plugin {
  return {
    name: 'horizon-compile-hints',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const chunk of Object.values(bundle)) {
          if (chunk.type !== 'chunk' || chunk.code.startsWith(COMPILE_HINT)) continue;
          chunk.code = `${COMPILE_HINT}\n${chunk.code}`;
          if (!chunk.map) continue;
          chunk.map.mappings = `;${chunk.map.mappings}`;
          // Vite has already turned the map into its .map file's text: that is what gets written.
          const mapFile = bundle[`${chunk.fileName}.map`];
          if (mapFile?.type === 'asset') mapFile.source = chunk.map.toString();
        }
      },
    },
  };
}
