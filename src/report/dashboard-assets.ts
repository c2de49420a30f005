// The chart library the dashboard inlines: uPlot's minified script and stylesheet, read once from the
// installed package (a pinned dependency) when the page is first built — the page never fetches them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface ChartAssets {
  /** uPlot's IIFE build (defines the global `uPlot`), safe inside a <script> element. */
  js: string;
  /** uPlot's stylesheet, safe inside a <style> element. */
  css: string;
}

let cached: ChartAssets | undefined;

/** uPlot's script and stylesheet from node_modules (read once per process). */
export function chartAssets(): ChartAssets {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const read = (p: string) => readFileSync(require.resolve(p), 'utf8');
    cached = {
      js: read('uplot/dist/uPlot.iife.min.js').replace(/<\/(script)/gi, '<\\/$1'),
      css: read('uplot/dist/uPlot.min.css').replace(/<\/(style)/gi, '<\\/$1'),
    };
  }
  return cached;
}
