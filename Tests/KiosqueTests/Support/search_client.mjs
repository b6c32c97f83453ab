// Runs a built site's search client as a browser would: serves the site folder over HTTP
// (node:http on 127.0.0.1, a free port), imports the client from there, and answers requests.
// Node 18 (Debian 12's) imports http: modules only behind a flag later versions dropped: a
// loader hook (`module.register`, Node 18.19 and later) downloads them from the server instead,
// so that the client's `import.meta.url` is its address on the server, as in a browser.
//
//   node search_client.mjs SITE_FOLDER REQUESTS.json [CLIENT]
//
// CLIENT is the module's path in the site (default search/search.js; pagefind/pagefind.js works too). REQUESTS is a JSON list of
// {"search": query, "options": {...}} | {"analyze": text} | {"stem": [words]} | {"reset": true}
// (a new visit: a fresh import, nothing cached). Prints one JSON line an answer, with the bytes
// the request made the client download, gzipped as a server would send them.
import http from 'node:http';
import fs from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';

const [root, requestsFile, client = 'search/search.js'] = process.argv.slice(2);
const types = { '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.html': 'text/html', '.txt': 'text/plain', '.css': 'text/css' };
let served = { bytes: 0, gzip: 0, files: 0 };
const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
  const file = path.join(path.resolve(root), rel);
  if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404).end();
    return;
  }
  const body = fs.readFileSync(file);
  served.files += 1;
  served.bytes += body.length;
  // pf_ files are gzipped already by Pagefind; anything else is what a server would gzip.
  served.gzip += /\.pf_|\.pagefind$/.test(file) ? body.length : zlib.gzipSync(body, { level: 9 }).length;
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;
register('data:text/javascript,' + encodeURIComponent(`
  export async function resolve(specifier, context, next) {
    const relative = ['/', './', '../'].some(p => specifier.startsWith(p)) && context.parentURL?.startsWith('http:');
    const url = relative ? new URL(specifier, context.parentURL).href : specifier;
    return url.startsWith('http:') ? { url, shortCircuit: true } : next(specifier, context);
  }
  export async function load(url, context, next) {
    if (!url.startsWith('http:')) return next(url, context);
    const response = await fetch(url);
    if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
    return { format: 'module', source: await response.text(), shortCircuit: true };
  }`));

let visit = 0, mod;
const load = async () => mod ??= await import(`${base}${client}?visit=${visit}`);
for (const request of JSON.parse(fs.readFileSync(requestsFile, 'utf8'))) {
  served = { bytes: 0, gzip: 0, files: 0 };
  let answer;
  try {
    if (request.reset) { visit += 1; mod = undefined; answer = true; }
    else if ('search' in request) {
      const m = await load();
      answer = await m.search(request.search, request.options ?? {});
      // Pagefind's client answers {results}, each result's data fetched on demand.
      if (Array.isArray(answer?.results)) {
        answer = await Promise.all(answer.results.slice(0, request.options?.limit ?? 10)
          .map(async r => { const d = await r.data(); return { url: new URL(d.url, base).href, title: d.meta?.title }; }));
      }
    } else if ('analyze' in request) {
      const m = await load(), stop = new Set(request.stop), elisions = new Set(request.elisions);
      answer = m.analyze(request.analyze, stop, elisions);
    } else if ('stem' in request) {
      const m = await load();
      answer = request.stem.map(m.stem);
    }
  } catch (e) {
    answer = { error: String(e?.stack ?? e) };
  }
  console.log(JSON.stringify({ answer, served }));
}
server.close();
