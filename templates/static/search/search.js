// Kiosque's search client: the index the build writes beside this file, read shard by shard.
// The analyzer is the build's (Sources/Search/FrenchAnalyzer.swift) to the letter, Snowball's
// French stemmer (2.2) included: a test runs both over the same words.

const V = 'aeiouyâàëéêèïîôûù', KEEP = 'aiouès';
const isV = c => c !== undefined && V.includes(c);
const am = s => s.split(' ').map(x => x.split(':'));
// Snowball's French suffix lists, with what each one's rule is (its "among" number).
const STD = am('iqUe:1 atrice:2 ance:1 ence:5 logie:3 able:1 isme:1 euse:11 iste:1 ive:8 if:8 usion:4 ation:2 ution:4 ateur:2 iqUes:1 atrices:2 ances:1 ences:5 logies:3 ables:1 ismes:1 euses:11 istes:1 ives:8 ifs:8 usions:4 ations:2 utions:4 ateurs:2 ments:15 ements:6 issements:12 ités:7 ment:15 ement:6 issement:12 amment:13 emment:14 aux:10 eaux:9 eux:1 ité:7');
const AFTER_EMENT = am('iqU:3 abl:3 Ièr:4 ièr:4 eus:2 iv:1'), AFTER_ITE = am('ic:2 abil:1 iv:3');
const IVERB = am('ira ie isse issante i irai ir iras ies îmes isses issantes îtes is irais issais irions issions irons issons issants it irait issait issant iraIent issaIent irent issent iront ît iriez issiez irez issez');
const VERB = am('a:3 era:2 asse:3 ante:3 ée:2 ai:3 erai:2 er:2 as:3 eras:2 âmes:3 asses:3 antes:3 âtes:3 ées:2 ais:3 erais:2 ions:1 erions:2 assions:3 erons:2 ants:3 és:2 ait:3 erait:2 ant:3 aIent:3 eraIent:2 èrent:2 assent:3 eront:2 ât:3 ez:2 iez:2 eriez:2 assiez:3 erez:2 é:2');
const RESID = am('e:3 Ière:2 ière:2 ion:1 Ier:2 ier:2');

// The longest suffix of `s` in `list` that starts at `lb` or after: [its length, its rule].
function longest(s, list, lb) {
  let best;
  for (const [x, r] of list) if ((!best || x.length > best[0]) && s.length - x.length >= lb && s.endsWith(x)) best = [x.length, +r];
  return best;
}

export function stem(word) {
  const a = [...word];
  for (let i = 0; ;) {  // prelude: vowels that act as consonants, marked in capitals
    let q = i, hit = false;
    for (; q <= a.length; q++) {
      const c = a[q], n = a[q + 1];
      if (isV(c) && (n === 'u' || n === 'i') && isV(a[q + 2])) a[q + 1] = n.toUpperCase();
      else if (isV(c) && n === 'y') a[q + 1] = 'Y';
      else if (c === 'ë' || c === 'ï') a.splice(q, 1, 'H', c === 'ë' ? 'e' : 'i');
      else if (c === 'y' && isV(n)) a[q] = 'Y';
      else if (c === 'q' && n === 'u') a[q + 1] = 'U';
      else continue;
      hit = true;
      break;
    }
    if (!hit) break;
    i = q;
  }
  const L = a.length;
  let pV = L, p1 = L, p2 = L;
  const pre = a.slice(0, 3).join('');
  if (isV(a[0]) && isV(a[1]) && L > 2) pV = 3;
  else if (pre === 'par' || pre === 'col' || pre === 'tap') pV = 3;
  else for (let k = 1; k < L; k++) if (isV(a[k])) { pV = k + 1; break; }
  const region = from => {
    let k = from;
    while (k < L && !isV(a[k])) k++;
    while (k < L && isV(a[k])) k++;
    return k < L ? k + 1 : L;
  };
  p1 = region(0);
  p2 = p1 < L ? region(p1) : L;

  let s = a.join('');
  const cut = n => { s = s.slice(0, s.length - n); };
  const put = (n, x) => { s = s.slice(0, s.length - n) + x; };
  const at = n => s.length - n;
  const ends = (x, lb = 0) => s.endsWith(x) && s.length - x.length >= lb;
  // ic, after a suffix removed: removed in R2, else iqU.
  const ic = () => { if (ends('ic')) at(2) >= p2 ? cut(2) : put(2, 'iqU'); };

  function standard() {
    const m = longest(s, STD, 0);
    if (!m) return false;
    const [n, r] = m, b = at(n);
    if (r === 13 || r === 14) { if (b >= pV) put(n, r === 13 ? 'ant' : 'ent'); return false; }
    if (r === 15) { if (b - 1 >= pV && isV(s[b - 1])) cut(n); return false; }
    if (r === 9) { put(n, 'eau'); return true; }
    if (r === 10) { if (b < p1) return false; put(n, 'al'); return true; }
    if (r === 11) {
      if (b >= p2) cut(n); else if (b >= p1) put(n, 'eux'); else return false;
      return true;
    }
    if (r === 12) { if (b < p1 || b < 1 || isV(s[b - 1])) return false; cut(n); return true; }
    if (r === 6) {
      if (b < pV) return false;
      cut(n);
      const m2 = longest(s, AFTER_EMENT, 0);
      if (m2) {
        const [n2, r2] = m2, b2 = at(n2);
        if (r2 === 1) { if (b2 >= p2) { cut(n2); if (ends('at') && at(2) >= p2) cut(2); } }
        else if (r2 === 2) { if (b2 >= p2) cut(n2); else if (b2 >= p1) put(n2, 'eux'); }
        else if (r2 === 3) { if (b2 >= p2) cut(n2); }
        else if (b2 >= pV) put(n2, 'i');
      }
      return true;
    }
    if (b < p2) return false;
    if (r === 3) put(n, 'log');
    else if (r === 4) put(n, 'u');
    else if (r === 5) put(n, 'ent');
    else {
      cut(n);
      if (r === 2) ic();
      else if (r === 7) {
        const m3 = longest(s, AFTER_ITE, 0);
        if (m3) {
          const [n3, r3] = m3, b3 = at(n3);
          if (r3 === 1) b3 >= p2 ? cut(n3) : put(n3, 'abl');
          else if (r3 === 2) b3 >= p2 ? cut(n3) : put(n3, 'iqU');
          else if (b3 >= p2) cut(n3);
        }
      } else if (r === 8 && ends('at') && at(2) >= p2) { cut(2); ic(); }
    }
    return true;
  }
  function iVerb() {
    if (s.length < pV) return false;
    const m = longest(s, IVERB, pV);
    if (!m) return false;
    const b = at(m[0]);
    if (b <= pV || s[b - 1] === 'H' || isV(s[b - 1])) return false;
    cut(m[0]);
    return true;
  }
  function verb() {
    if (s.length < pV) return false;
    const m = longest(s, VERB, pV);
    if (!m) return false;
    const [n, r] = m;
    if (r === 1 && at(n) < p2) return false;
    cut(n);
    if (r === 3 && ends('e', pV)) cut(1);
    return true;
  }
  function residual() {
    if (ends('s') && s.length > 1 && (s.endsWith('His') || !KEEP.includes(s[s.length - 2]))) cut(1);
    if (s.length < pV) return;
    const m = longest(s, RESID, pV);
    if (!m) return;
    const [n, r] = m, b = at(n);
    if (r === 1) { if (b >= p2 && b - 1 >= pV && (s[b - 1] === 's' || s[b - 1] === 't')) cut(n); }
    else if (r === 2) put(n, 'i');
    else cut(n);
  }

  if (standard() || iVerb() || verb()) {
    if (s.endsWith('Y')) put(1, 'i');
    else if (s.endsWith('ç')) put(1, 'c');
  } else residual();
  if (/(enn|onn|ett|ell|eill)$/.test(s)) cut(1);
  const u = /[éè]([^aeiouyâàëéêèïîôûù]+)$/.exec(s);
  if (u) s = s.slice(0, u.index) + 'e' + u[1];
  return s.replace(/H[ei]?|[IUY]/g, m => ({ I: 'i', U: 'u', Y: 'y', He: 'ë', Hi: 'ï', H: '' })[m]);
}

// Accents and ligatures folded, before the stem: `assemblee` is `assemblée`.
export const fold = s => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae');

// A word, a number with its separators (`1 750`, `10,5`), and the apostrophe of an elision.
const TOKEN = /(?:[\p{L}\p{N}]|(?<=[0-9])[,.\u00a0\u202f](?=[0-9]))+(['’](?=[\p{L}\p{N}]))?/gu;

// A text's terms, in order (repeats kept), given the index's stop words and elisions.
export function analyze(text, stop, elisions) {
  const out = [];
  for (const [t, apostrophe] of String(text).normalize('NFC').toLowerCase().matchAll(TOKEN)) {
    const w = (apostrophe ? t.slice(0, -1) : t).replace(/[\u00a0\u202f]/g, '').replace(/\./g, ','), f = fold(w);
    if ((apostrophe && elisions.has(w)) || [...w].length > 30 || stop.has(f)) continue;
    out.push(stem(f));
  }
  return out;
}

// FNV-1a over UTF-8: which file holds a term (the build computes the same).
export function bucket(term, count) {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(term)) h = Math.imul(h ^ b, 0x01000193);
  return (h >>> 0) & (count - 1);
}

const here = new URL('./', import.meta.url), files = new Map();
const get = (path, json) => {
  if (!files.has(path)) {
    files.set(path, fetch(new URL(path, here)).then(r => {
      if (!r.ok) throw new Error(`search: ${path}: ${r.status}`);
      return json ? r.json() : r.text();
    }));
  }
  return files.get(path);
};
let manifest;
const index = () => manifest ??= get('index.json', true).then(m => ({ ...m, stop: new Set(m.stop), elisions: new Set(m.elisions) }));

// A postings file: `term<TAB>count gaps weights<LF>` a term, numbers in base 32 from `0`
// (plus 32 when a digit follows, low digits first), a weight one character from `0`. A term's
// postings are in the archive's file (`t/`) and the recent articles' (`r/`, later ids).
async function postings(term, m) {
  const ids = [], weights = [];
  const files = await Promise.all([get(`t/${bucket(term, m.buckets.t)}.txt`), get(`r/${bucket(term, m.buckets.r)}.txt`)]);
  for (const file of files) {
    const text = '\n' + file;
    let i = text.indexOf(`\n${term}\t`);
    if (i < 0) continue;
    i += term.length + 2;
    const num = () => { let v = 0, k = 1, c; do { c = text.charCodeAt(i++) - 48; v += (c & 31) * k; k *= 32; } while (c & 32); return v; };
    const n = num();
    for (let k = 0, id = 0; k < n; k++) ids.push(id += num());
    for (let k = 0; k < n; k++) weights.push((text.charCodeAt(i++) - 48) / 63);
  }
  return { ids, weights };
}

// The terms of the query: one list a word, the last word's also matched as a prefix.
export async function queryTerms(query) {
  const m = await index(), q = String(query).slice(0, 1000);
  const words = analyze(q, m.stop, m.elisions).filter((t, k, all) => all.indexOf(t) === k).slice(0, 10);
  const typed = fold(q.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+$/u)?.[0] ?? '');
  const groups = words.map(t => [[t, 1]]);
  if (groups.length && typed.length >= 3 && !m.stop.has(typed)) {
    const list = await get(`p/${bucket([...typed].slice(0, 3).join(''), m.buckets.p)}.json`, true);
    const more = [];
    for (let k = 0; k < list.length; k += 2) if (list[k].startsWith(typed) && list[k] !== words.at(-1)) more.push([list[k], list[k + 1]]);
    more.sort((x, y) => y[1] - x[1]);
    groups.at(-1).push(...more.slice(0, 3).map(([t]) => [t, 0.5]));
  }
  return { groups, m };
}

const DAY = 4096, K1 = 1.2;

/** Articles matching every word of `query`, best first: [{url, title, date, sector, summary, score}]. */
export async function search(query, { sector, tag, from, to, limit = 10 } = {}) {
  const { groups, m } = await queryTerms(query);
  if (!groups.length) return [];
  const filters = [sector && `#s:${sector}`, tag && `#t:${tag}`].filter(Boolean);
  const day = d => d ? Math.floor(Date.parse(d + 'T00:00:00Z') / 864e5) : NaN;
  const lo = day(from), hi = day(to);
  let scores = null;
  for (const group of groups) {
    const found = new Map();
    for (const [t, boost] of group) {
      const p = await postings(t, m), idf = Math.log(1 + (m.articles - p.ids.length + 0.5) / (p.ids.length + 0.5));
      p.ids.forEach((id, k) => found.set(id, Math.max(found.get(id) ?? 0, boost * idf * p.weights[k] * (K1 + 1))));
    }
    if (scores) for (const [id, s] of scores) found.has(id) ? scores.set(id, s + found.get(id)) : scores.delete(id);
    else scores = found;
  }
  for (const f of filters) {
    const keep = new Set((await postings(f, m)).ids);
    for (const id of scores.keys()) if (!keep.has(id)) scores.delete(id);
  }
  const ranked = [];
  for (const [id, s] of scores) {
    const d = Math.floor(id / DAY);
    if (d < lo || d > hi) continue;
    ranked.push([id, s * (1 + 0.25 * 2 ** ((d - m.newest) / 365))]);
  }
  ranked.sort((x, y) => y[1] - x[1] || y[0] - x[0]);
  return Promise.all(ranked.slice(0, Math.max(0, limit)).map(async ([id, score]) => {
    const [title, path, date, sec, summary] = (await get(`m/${bucket(String(id), m.buckets.m)}.json`, true))[id];
    return { url: new URL('../' + path, here).href, title, date, sector: sec, summary, score };
  }));
}

const escape = s => s.replace(/[&<>"]/g, c => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);

/** `text` as HTML, the words that match the query's terms in <mark>. */
export async function highlight(text, query) {
  const { groups, m } = await queryTerms(query);
  const terms = new Set(groups.flat().map(([t]) => t));
  return String(text).split(/([\p{L}\p{N}]+)/u).map((w, k) => {
    const t = k % 2 ? analyze(w, m.stop, m.elisions)[0] : undefined;
    return t && terms.has(t) ? `<mark>${escape(w)}</mark>` : escape(w);
  }).join('');
}
