// The first-view JS budget (issue 6), checked by `npm run size` in `npm test` right after the build. The files are
// the ones dist/index.html loads itself — its module script and the modulepreloads Vite adds for the entry's
// static imports — so chunks loaded later by import() (the channel drawer, power tools) never count. Sizes are
// gzip level 9, as the bench reports them; KB here means 1000 bytes.
import { existsSync, readFileSync } from 'node:fs';

const html = 'dist/index.html';
if (!existsSync(html)) {
  throw new Error('size-limit: dist/index.html is missing; run `npm run build` first');
}
const tags = readFileSync(html, 'utf8').match(/<(script|link)\b[^>]*>/g) ?? [];
const files = (test) =>
  tags
    .filter(test)
    .map((tag) => /\b(?:src|href)="\/?([^"]+)"/.exec(tag)?.[1])
    .filter((file) => file && !/^[a-z]+:\/\//i.test(file))
    .map((file) => `dist/${file}`);

const firstViewJs = files((tag) =>
  /^<script\b/.test(tag) ? /type="module"/.test(tag) : /rel="modulepreload"/.test(tag),
);
const firstViewCss = files((tag) => /^<link\b/.test(tag) && /rel="stylesheet"/.test(tag));
if (firstViewJs.length === 0) throw new Error(`size-limit: found no module script in ${html}`);

export default [
  {
    name: 'First-view JS (index.html entry + modulepreloads)',
    path: firstViewJs,
    gzip: true,
    limit: '120 kB',
  },
  { name: 'First-view CSS (information, no budget)', path: firstViewCss, gzip: true },
];
