/**
 * Can a hide rule's regular expression take super-linear time? JavaScript's engine backtracks:
 * `(\w+\s?)+$` takes seconds on 27 characters, `\w+\s?\w+!` ten seconds on 2,000 (issue 17). A
 * pattern the user types, or one that arrives by sync or in a backup, is checked here before it
 * is saved; a pattern that could blow up is refused with a sentence that names the part at fault.
 *
 * The check is the automaton analysis behind recheck (Weideman et al., "Analyzing matching time
 * behavior of backtracking regular expression matchers by using ambiguity of NFA", 2016), small
 * enough to write out, rather than a list of bad shapes (safe-regex's star height alone misses
 * `(a|a)*` and `\w+\w+$`; redos-detector counts backtracking paths up to a bound):
 *
 *  1. The pattern is parsed (JavaScript syntax, flags i, m, s, u) and turned into an automaton
 *     whose states are its character positions (Glushkov), each with the set of characters it
 *     reads. Where the pattern offers two routes between the same positions — `(a*)*`, a group
 *     that can end and restart around an optional part — the edge counts both, as the backtracking
 *     engine tries both.
 *  2. Exponential: some state can return to itself in two different ways on the same text (a
 *     loop of the pair automaton through a state pair (p, q) with p ≠ q, or a doubled edge).
 *     That is nested repetition and its kin: `(a+)+`, `(\w+\s?)+`, `(a|a)*`, `(a|ab|b)*`.
 *  3. Polynomial: two different loops, one reachable from the other, can both read the same text
 *     (triple automaton: p→p, p→q, q→q on one word). `\w+\w+!` or `.*a.*b` is then cubic on a
 *     failing text — seconds on a 2,000-character abstract.
 *  4. Back-references are refused outright (matching with them is NP-hard).
 *  5. What passes is run on short trial texts, as recheck also does: a finite but huge number of
 *     ways to match, which needs no loop (`(?:a?){25}b`), shows there in milliseconds.
 *
 * What passes is at most linear per start position, so quadratic per text at worst, and
 * lib/topics/rules.ts caps the text a rule scans and times every scan besides. The check is
 * conservative: character classes it cannot enumerate (`\p{…}`, case folding outside ASCII) are
 * taken as larger than they are, assertions and lookarounds as if they always held, and a big
 * bounded repeat (`{0,50}`) as unbounded; so a few harmless patterns are refused, never the
 * reverse. It runs where rules are entered (the rules panel, the background, sync, imports), never
 * in the content script.
 */

export type RegexProblem =
  /** A back-reference (`\1`, `\k<name>`): `at` is its text. */
  | { kind: 'backreference'; at: string }
  /** Exponential: a repeat (`at`) around another repeat. */
  | { kind: 'nested'; at: string }
  /** Exponential: a repeat (`at`) whose alternatives or optional parts overlap. */
  | { kind: 'overlap'; at: string }
  /** Polynomial: two repeats that can read the same text one after the other. */
  | { kind: 'adjacent'; at: string; other: string }
  /** Polynomial, and one of the two is a `.*` at an end of the pattern, which does nothing. */
  | { kind: 'edge'; at: string }
  /** Bigger than the analysis allows itself to look at. */
  | { kind: 'complex' }
  /** Passed the analysis, but took `ms` on a trial text of `length` characters. */
  | { kind: 'slow'; ms: number; length: number };

/** Positions (characters, after bounded repeats are expanded) the analysis takes on. */
const MAX_POSITIONS = 1_500;
/** States of the pair and triple automata it visits, over all checks. */
const MAX_STEPS = 1_500_000;
/** A bounded repeat with more optional copies than this is analysed as unbounded. */
const MAX_OPTIONAL_COPIES = 10;

class TooComplex extends Error {}

// ---- character sets: sorted, disjoint, inclusive ranges [lo0, hi0, lo1, hi1, …] ------------------

type CharSet = readonly number[];
const MAX_CP = 0x10ffff;
const ALL: CharSet = [0, MAX_CP];
const EMPTY: CharSet = [];

function setOf(ranges: Array<[number, number]>): CharSet {
  const sorted = ranges.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of sorted) {
    const n = out.length;
    if (n && lo <= out[n - 1]! + 1) out[n - 1] = Math.max(out[n - 1]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

const pairs = (s: CharSet): Array<[number, number]> => {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < s.length; i += 2) out.push([s[i]!, s[i + 1]!]);
  return out;
};

const union = (...sets: CharSet[]): CharSet => setOf(sets.flatMap(pairs));

function complement(s: CharSet): CharSet {
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [lo, hi] of pairs(s)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return setOf(out);
}

function intersect(a: CharSet, b: CharSet): CharSet {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]!, b[j]!);
    const hi = Math.min(a[i + 1]!, b[j + 1]!);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

function overlaps(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (Math.max(a[i]!, b[j]!) <= Math.min(a[i + 1]!, b[j + 1]!)) return true;
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return false;
}

const single = (c: number): CharSet => [c, c];
const DIGIT = setOf([[48, 57]]);
const WORD = setOf([
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
]);
const SPACE = setOf([
  [9, 13],
  [32, 32],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]);
const LINE_ENDS = setOf([
  [10, 10],
  [13, 13],
  [0x2028, 0x2029],
]);
/** Every non-ASCII character that is not a blank: holds every non-ASCII letter and digit. */
const NON_ASCII_INK = intersect([0x80, MAX_CP], complement(SPACE));

/**
 * `\p{…}` / `\P{…}`: a set at least as large as the property (`over`), and one no larger
 * (`under`, for negated classes). Letters and digits are what patterns use them for.
 */
function property(name: string, negated: boolean): { over: CharSet; under: CharSet } {
  if (negated) return { over: ALL, under: EMPTY };
  const value = name.includes('=') ? name.slice(name.indexOf('=') + 1) : name;
  const key = name.includes('=') ? name.slice(0, name.indexOf('=')) : '';
  if (key === 'Script' || key === 'sc' || key === 'Script_Extensions' || key === 'scx') {
    return {
      over: union(
        setOf([
          [65, 90],
          [97, 122],
        ]),
        NON_ASCII_INK,
      ),
      under: EMPTY,
    };
  }
  if (
    /^(?:L|Letter|Lu|Ll|Lt|Lm|Lo|Uppercase_Letter|Lowercase_Letter|Titlecase_Letter|Modifier_Letter|Other_Letter|Alphabetic|Alpha|Uppercase|Upper|Lowercase|Lower|Ideographic|Ideo)$/.test(
      value,
    )
  ) {
    return {
      over: union(
        setOf([
          [65, 90],
          [97, 122],
        ]),
        NON_ASCII_INK,
      ),
      under:
        value === 'L' || value === 'Letter'
          ? setOf([
              [65, 90],
              [97, 122],
            ])
          : EMPTY,
    };
  }
  if (/^(?:N|Number|Nd|Decimal_Number|digit)$/.test(value)) return { over: union(DIGIT, NON_ASCII_INK), under: DIGIT };
  return { over: ALL, under: EMPTY };
}

/** The set with every character that matches one of its members case-insensitively (or more). */
function foldCase(s: CharSet): CharSet {
  const extra: Array<[number, number]> = [];
  for (const [lo, hi] of pairs(s)) {
    // ASCII letters: the other case.
    const a = Math.max(lo, 65);
    const b = Math.min(hi, 90);
    if (a <= b) extra.push([a + 32, b + 32]);
    const c = Math.max(lo, 97);
    const d = Math.min(hi, 122);
    if (c <= d) extra.push([c - 32, d - 32]);
  }
  const nonAscii = intersect(s, [0x80, MAX_CP]);
  let size = 0;
  for (const [lo, hi] of pairs(nonAscii)) size += hi - lo + 1;
  // Many: every non-ASCII character but the blanks (a case variant is never a blank).
  if (size > 512) extra.push(...pairs(NON_ASCII_INK));
  else {
    for (const [lo, hi] of pairs(nonAscii)) {
      for (let cp = lo; cp <= hi; cp++) {
        const ch = String.fromCodePoint(cp);
        for (const other of [ch.toLowerCase(), ch.toUpperCase()]) {
          if (other.length <= 2 && [...other].length === 1) extra.push([other.codePointAt(0)!, other.codePointAt(0)!]);
        }
      }
    }
  }
  const folded = union(s, setOf(extra));
  // Unicode case folding maps the Kelvin sign to k and the long s to s (and back).
  const more: Array<[number, number]> = [];
  if (
    overlaps(
      folded,
      setOf([
        [75, 75],
        [107, 107],
        [0x212a, 0x212a],
      ]),
    )
  )
    more.push([75, 75], [107, 107], [0x212a, 0x212a]);
  if (
    overlaps(
      folded,
      setOf([
        [83, 83],
        [115, 115],
        [0x17f, 0x17f],
      ]),
    )
  )
    more.push([83, 83], [115, 115], [0x17f, 0x17f]);
  return more.length ? union(folded, setOf(more)) : folded;
}

// ---- parsing ----------------------------------------------------------------------------------------

type Node =
  | { t: 'char'; set: CharSet }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'repeat'; body: Node; min: number; max: number; start: number; end: number }
  /** Zero-width: ^ $ \b \B, taken as always true. */
  | { t: 'empty' }
  /** A lookaround: zero-width where it stands; its body is analysed on its own. */
  | { t: 'look'; body: Node }
  | { t: 'backref'; start: number; end: number };

const EMPTY_NODE: Node = { t: 'empty' };

class Parser {
  i = 0;
  private readonly u: boolean;
  private readonly dotAll: boolean;
  /** Capturing groups in the pattern (decides whether `\2` is a back-reference). */
  private readonly groups: number;
  private readonly named: boolean;

  constructor(
    private readonly src: string,
    flags: string,
  ) {
    this.u = flags.includes('u');
    this.dotAll = flags.includes('s');
    const counted = countGroups(src);
    this.groups = counted.groups;
    this.named = counted.named;
  }

  parse(): Node {
    const node = this.alternation();
    // A stray ")" cannot be here: the pattern compiled.
    return node;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const start = this.i;
      let atom = this.atom();
      for (let q = this.quantifier(); q; q = this.quantifier()) {
        atom = { t: 'repeat', body: atom, min: q.min, max: q.max, start, end: this.i };
      }
      items.push(atom);
    }
    return items.length === 1 ? items[0]! : { t: 'seq', items };
  }

  private quantifier(): { min: number; max: number } | null {
    const c = this.src[this.i];
    let q: { min: number; max: number } | null = null;
    if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '?') q = { min: 0, max: 1 };
    if (q) this.i++;
    else if (c === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.src.slice(this.i, this.i + 40));
      if (!m) return null; // a literal "{" (Annex B): read as an atom
      this.i += m[0].length;
      const min = Number(m[1]);
      q = { min, max: m[2] ? (m[3] ? Number(m[3]) : Infinity) : min };
    }
    if (q && this.src[this.i] === '?') this.i++; // lazy: the same paths, in another order
    return q;
  }

  private atom(): Node {
    const { src } = this;
    const c = src[this.i]!;
    if (c === '^' || c === '$') {
      this.i++;
      return EMPTY_NODE;
    }
    if (c === '.') {
      this.i++;
      return { t: 'char', set: this.dotAll ? ALL : complement(LINE_ENDS) };
    }
    if (c === '(') return this.group();
    if (c === '[') return { t: 'char', set: this.charClass() };
    if (c === '\\') return this.escape();
    const cp = this.u ? src.codePointAt(this.i)! : src.charCodeAt(this.i);
    this.i += cp > 0xffff ? 2 : 1;
    return { t: 'char', set: single(cp) };
  }

  private group(): Node {
    const { src } = this;
    const at = (s: string) => src.startsWith(s, this.i);
    let look = false;
    if (at('(?:')) this.i += 3;
    else if (at('(?=') || at('(?!')) {
      this.i += 3;
      look = true;
    } else if (at('(?<=') || at('(?<!')) {
      this.i += 4;
      look = true;
    } else if (at('(?<')) this.i = src.indexOf('>', this.i) + 1;
    else if (at('(?')) {
      // Modifiers, (?i:…) or (?-i:…): read as a plain group (case folding is decided for the whole pattern).
      this.i = src.indexOf(':', this.i) + 1;
    } else this.i++;
    const body = this.alternation();
    if (src[this.i] === ')') this.i++;
    return look ? { t: 'look', body } : body;
  }

  /** After a backslash outside a class. */
  private escape(): Node {
    const { src } = this;
    const start = this.i;
    const c = src[this.i + 1];
    if (c === 'b' || c === 'B') {
      this.i += 2;
      return EMPTY_NODE;
    }
    if (c !== undefined && c >= '1' && c <= '9') {
      const digits = /^\d+/.exec(src.slice(this.i + 1))![0];
      if (Number(digits) <= this.groups) {
        this.i += 1 + digits.length;
        return { t: 'backref', start, end: this.i };
      }
    }
    if (c === 'k' && (this.u || this.named) && src[this.i + 2] === '<') {
      this.i = src.indexOf('>', this.i) + 1;
      return { t: 'backref', start, end: this.i };
    }
    return { t: 'char', set: this.classEscape(false).over };
  }

  /**
   * An escape, the backslash at `this.i`: its set as an over- and an under-approximation
   * (they differ only for `\p{…}`). `inClass`: `\b` is a backspace there.
   */
  private classEscape(inClass: boolean): { over: CharSet; under: CharSet } {
    const { src } = this;
    const c = src[this.i + 1] ?? '\\';
    this.i += 2;
    const exact = (set: CharSet) => ({ over: set, under: set });
    switch (c) {
      case 'd':
        return exact(DIGIT);
      case 'D':
        return exact(complement(DIGIT));
      case 'w':
        return exact(WORD);
      case 'W':
        return exact(complement(WORD));
      case 's':
        return exact(SPACE);
      case 'S':
        return exact(complement(SPACE));
      case 'n':
        return exact(single(10));
      case 'r':
        return exact(single(13));
      case 't':
        return exact(single(9));
      case 'v':
        return exact(single(11));
      case 'f':
        return exact(single(12));
      case 'b':
        return exact(inClass ? single(8) : EMPTY);
      case '0':
        if (!/[0-7]/.test(src[this.i] ?? '')) return exact(single(0));
        break;
      case 'c':
        if (/[A-Za-z]/.test(src[this.i] ?? '')) return exact(single(src.charCodeAt(this.i++) % 32));
        this.i--; // "\c" alone: a backslash, then "c" read next
        return exact(single(92));
      case 'x': {
        const m = /^[0-9A-Fa-f]{2}/.exec(src.slice(this.i, this.i + 2));
        if (m) {
          this.i += 2;
          return exact(single(parseInt(m[0], 16)));
        }
        return exact(single(120));
      }
      case 'u': {
        const braced = this.u ? /^\{([0-9A-Fa-f]+)\}/.exec(src.slice(this.i, this.i + 10)) : null;
        if (braced) {
          this.i += braced[0].length;
          return exact(single(Math.min(parseInt(braced[1]!, 16), MAX_CP)));
        }
        const m = /^[0-9A-Fa-f]{4}/.exec(src.slice(this.i, this.i + 4));
        if (!m) return exact(single(117));
        this.i += 4;
        let cp = parseInt(m[0], 16);
        const low = this.u && cp >= 0xd800 && cp <= 0xdbff ? /^\\u(d[c-f][0-9a-f]{2})/i.exec(src.slice(this.i, this.i + 6)) : null;
        if (low) {
          this.i += 6;
          cp = 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1]!, 16) - 0xdc00);
        }
        return exact(single(cp));
      }
      case 'p':
      case 'P': {
        if (!this.u || src[this.i] !== '{') break;
        const end = src.indexOf('}', this.i);
        const name = src.slice(this.i + 1, end);
        this.i = end + 1;
        return property(name, c === 'P');
      }
    }
    if (c >= '0' && c <= '9') {
      // Annex B: an octal escape (\12), or a digit with no group behind it.
      const m = /^[0-7]{1,3}/.exec(src.slice(this.i - 1, this.i + 2));
      if (m && c <= '7') {
        this.i += m[0].length - 1;
        return exact(single(parseInt(m[0], 8)));
      }
      return exact(single(c.charCodeAt(0)));
    }
    // An identity escape: the character itself.
    this.i -= 1;
    const cp = this.u ? src.codePointAt(this.i)! : src.charCodeAt(this.i);
    this.i += cp > 0xffff ? 2 : 1;
    return exact(single(cp));
  }

  private charClass(): CharSet {
    const { src } = this;
    this.i++; // [
    const negated = src[this.i] === '^';
    if (negated) this.i++;
    const over: CharSet[] = [];
    const under: CharSet[] = [];
    while (this.i < src.length && src[this.i] !== ']') {
      const a = this.classAtom();
      if (src[this.i] === '-' && src[this.i + 1] !== ']' && this.i + 1 < src.length) {
        const save = this.i;
        this.i++;
        const b = this.classAtom();
        if (a.cp !== undefined && b.cp !== undefined) {
          const range = setOf([[a.cp, b.cp]]);
          over.push(range);
          under.push(range);
          continue;
        }
        // A set on either side (Annex B "[\d-z]"): the "-" is a literal.
        this.i = save;
        over.push(a.over);
        under.push(a.under);
        continue;
      }
      over.push(a.over);
      under.push(a.under);
    }
    this.i++; // ]
    return negated ? complement(union(...under)) : union(...over);
  }

  private classAtom(): { over: CharSet; under: CharSet; cp?: number } {
    const { src } = this;
    if (src[this.i] === '\\') {
      const s = this.classEscape(true);
      return s.over.length === 2 && s.over[0] === s.over[1] && s.under === s.over ? { ...s, cp: s.over[0] } : s;
    }
    const cp = this.u ? src.codePointAt(this.i)! : src.charCodeAt(this.i);
    this.i += cp > 0xffff ? 2 : 1;
    return { over: single(cp), under: single(cp), cp };
  }
}

/** Capturing groups, and whether any is named, outside classes and escapes. */
function countGroups(src: string): { groups: number; named: boolean } {
  let groups = 0;
  let named = false;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') {
      if (src[i + 1] !== '?') groups++;
      else if (src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') {
        groups++;
        named = true;
      }
    }
  }
  return { groups, named };
}

// ---- the position automaton --------------------------------------------------------------------------

type Repeat = Extract<Node, { t: 'repeat' }>;

/** Route counts saturate at 2: "one way" or "more than one". */
type Routes = Map<number, number>;
const sat = (n: number) => (n > 2 ? 2 : n);

interface Frag {
  first: Routes;
  last: Routes;
  /** Ways to match the empty text (saturated at 2). */
  nul: number;
}

class Automaton {
  /** Character set of each position; position 0 is the start. */
  readonly sets: CharSet[] = [EMPTY];
  /** Unbounded repeats around each position, outermost first. */
  readonly loops: Repeat[][] = [[]];
  readonly follow: Routes[] = [new Map<number, number>()];
  private stack: Repeat[] = [];

  constructor(private readonly fold: boolean) {}

  build(node: Node): Frag {
    switch (node.t) {
      case 'char': {
        if (this.sets.length > MAX_POSITIONS) throw new TooComplex();
        const p = this.sets.length;
        this.sets.push(this.fold ? foldCase(node.set) : node.set);
        this.loops.push(this.stack.slice());
        this.follow.push(new Map());
        return { first: new Map([[p, 1]]), last: new Map([[p, 1]]), nul: 0 };
      }
      case 'empty':
      case 'backref':
        return { first: new Map(), last: new Map(), nul: 1 };
      case 'look':
        // Its own positions and loops are part of the graph (and checked), unconnected to the rest.
        this.build(node.body);
        return { first: new Map(), last: new Map(), nul: 1 };
      case 'seq':
        return node.items.reduce<Frag>((acc, item) => this.concat(acc, this.build(item)), { first: new Map(), last: new Map(), nul: 1 });
      case 'alt': {
        const out: Frag = { first: new Map(), last: new Map(), nul: 0 };
        for (const option of node.options) {
          const f = this.build(option);
          addRoutes(out.first, f.first, 1);
          addRoutes(out.last, f.last, 1);
          out.nul = sat(out.nul + f.nul);
        }
        return out;
      }
      case 'repeat':
        return this.repeat(node);
    }
  }

  private concat(a: Frag, b: Frag): Frag {
    for (const [l, x] of a.last) for (const [f, y] of b.first) this.edge(l, f, x * y);
    const first = new Map(a.first);
    addRoutes(first, b.first, a.nul);
    const last = new Map(b.last);
    addRoutes(last, a.last, b.nul);
    return { first, last, nul: sat(a.nul * b.nul) };
  }

  edge(from: number, to: number, routes: number): void {
    if (routes === 0) return;
    const m = this.follow[from]!;
    m.set(to, sat((m.get(to) ?? 0) + routes));
  }

  /**
   * `body{min,max}`: `min` copies as they are (an iteration may match empty while the minimum is
   * not reached), then either one looping copy or a chain of optional ones, which only run on
   * when the one before matched something (ECMAScript's empty check), so they add no route of
   * their own through the empty text.
   */
  private repeat(node: Repeat): Frag {
    const { body, min } = node;
    let { max } = node;
    if (max === 0) return { first: new Map(), last: new Map(), nul: 1 };
    if (max !== Infinity && max - min > MAX_OPTIONAL_COPIES) max = Infinity;
    const copies = Math.min(min, max === Infinity ? 3 : min);
    let frag: Frag = { first: new Map(), last: new Map(), nul: 1 };
    const unbounded = max === Infinity;
    if (unbounded) this.stack.push(node);
    for (let k = 0; k < copies; k++) frag = this.concat(frag, this.build(body));
    if (unbounded) {
      const loop = this.build(body);
      for (const [l, x] of loop.last) for (const [f, y] of loop.first) this.edge(l, f, x * y);
      frag = this.concat(frag, { first: loop.first, last: loop.last, nul: 1 });
      this.stack.pop();
    } else if (max > min) {
      frag = this.concat(frag, this.optionalChain(body, max - min));
    }
    return frag;
  }

  private optionalChain(body: Node, n: number): Frag {
    const head = this.build(body);
    if (n === 1) return { first: head.first, last: head.last, nul: 1 };
    const rest = this.optionalChain(body, n - 1);
    for (const [l, x] of head.last) for (const [f, y] of rest.first) this.edge(l, f, x * y);
    const last = new Map(rest.last);
    addRoutes(last, head.last, 1);
    return { first: head.first, last, nul: 1 };
  }
}

function addRoutes(into: Routes, from: Routes, times: number): void {
  if (times === 0) return;
  for (const [p, n] of from) into.set(p, sat((into.get(p) ?? 0) + n * times));
}

// ---- graph work ------------------------------------------------------------------------------------------

/** Strongly connected components (iterative Tarjan) of nodes 0..n-1; component index per node. */
function components(n: number, next: (v: number) => Iterable<number>): { of: Int32Array; count: number } {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const of = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  let counter = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: Array<{ v: number; it: Iterator<number> }> = [];
    const open = (v: number) => {
      index[v] = low[v] = counter++;
      stack.push(v);
      onStack[v] = 1;
      work.push({ v, it: next(v)[Symbol.iterator]() });
    };
    open(root);
    while (work.length) {
      const top = work[work.length - 1]!;
      const step = top.it.next();
      if (!step.done) {
        const w = step.value;
        if (index[w] === -1) open(w);
        else if (onStack[w]) low[top.v] = Math.min(low[top.v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length) low[work[work.length - 1]!.v] = Math.min(low[work[work.length - 1]!.v]!, low[top.v]!);
      if (low[top.v] === index[top.v]) {
        for (;;) {
          const w = stack.pop()!;
          onStack[w] = 0;
          of[w] = count;
          if (w === top.v) break;
        }
        count++;
      }
    }
  }
  return { of, count };
}

class Budget {
  private steps = 0;
  spend(n = 1): void {
    this.steps += n;
    if (this.steps > MAX_STEPS) throw new TooComplex();
  }
}

/** Does some state of `scc` return to itself in two ways on one text? */
function exponential(a: Automaton, scc: readonly number[], budget: Budget): boolean {
  const inScc = new Map(scc.map((p, i) => [p, i]));
  const k = scc.length;
  for (const p of scc) for (const [q, routes] of a.follow[p]!) if (routes > 1 && inScc.has(q)) return true;
  // The pair automaton over scc × scc, from the diagonal.
  const id = (x: number, y: number) => x * k + y;
  const seen = new Uint8Array(k * k);
  const queue: number[] = [];
  for (let i = 0; i < k; i++) {
    seen[id(i, i)] = 1;
    queue.push(id(i, i));
  }
  const succ = (v: number): number[] => {
    const x = scc[Math.floor(v / k)]!;
    const y = scc[v % k]!;
    const out: number[] = [];
    for (const x2 of a.follow[x]!.keys()) {
      const i = inScc.get(x2);
      if (i === undefined) continue;
      for (const y2 of a.follow[y]!.keys()) {
        const j = inScc.get(y2);
        budget.spend();
        if (j !== undefined && overlaps(a.sets[x2]!, a.sets[y2]!)) out.push(id(i, j));
      }
    }
    return out;
  };
  const edges = new Map<number, number[]>();
  while (queue.length) {
    const v = queue.pop()!;
    const out = succ(v);
    edges.set(v, out);
    for (const w of out) {
      if (!seen[w]) {
        seen[w] = 1;
        queue.push(w);
      }
    }
  }
  const nodes = [...edges.keys()];
  const local = new Map(nodes.map((v, i) => [v, i]));
  const { of } = components(nodes.length, (i) => edges.get(nodes[i]!)!.map((w) => local.get(w)!));
  const diagonal = new Set<number>();
  for (let i = 0; i < nodes.length; i++) if (Math.floor(nodes[i]! / k) === nodes[i]! % k) diagonal.add(of[i]!);
  for (let i = 0; i < nodes.length; i++) {
    const v = nodes[i]!;
    if (Math.floor(v / k) !== v % k && diagonal.has(of[i]!)) return true;
  }
  return false;
}

/** Is there a text w with p→p, p→q and q→q on w, for some p in `from` and q in `to`? */
function polynomial(a: Automaton, from: readonly number[], to: readonly number[], budget: Budget): boolean {
  const inFrom = new Set(from);
  const inTo = new Set(to);
  for (const p of from) {
    for (const q of to) {
      const key = (x: number, y: number, z: number) => `${x},${y},${z}`;
      const seen = new Set([key(p, p, q)]);
      const queue: Array<[number, number, number]> = [[p, p, q]];
      while (queue.length) {
        const [x, y, z] = queue.pop()!;
        for (const x2 of a.follow[x]!.keys()) {
          if (!inFrom.has(x2)) continue;
          for (const z2 of a.follow[z]!.keys()) {
            if (!inTo.has(z2)) continue;
            const xz = intersect(a.sets[x2]!, a.sets[z2]!);
            if (!xz.length) continue;
            for (const y2 of a.follow[y]!.keys()) {
              budget.spend();
              if (!overlaps(xz, a.sets[y2]!)) continue;
              if (x2 === p && y2 === q && z2 === q) return true;
              const k = key(x2, y2, z2);
              if (!seen.has(k)) {
                seen.add(k);
                queue.push([x2, y2, z2]);
              }
            }
          }
        }
      }
    }
  }
  return false;
}

/** The unbounded repeats around every position of `scc`, outermost first. */
function loopsOf(a: Automaton, scc: readonly number[]): Repeat[] {
  let common = a.loops[scc[0]!]!;
  for (const p of scc) {
    const mine = a.loops[p]!;
    let n = 0;
    while (n < common.length && n < mine.length && common[n] === mine[n]) n++;
    common = common.slice(0, n);
  }
  return common;
}

function containsLoop(node: Node): boolean {
  switch (node.t) {
    case 'repeat':
      return node.max === Infinity || node.max - node.min > MAX_OPTIONAL_COPIES || containsLoop(node.body);
    case 'seq':
      return node.items.some(containsLoop);
    case 'alt':
      return node.options.some(containsLoop);
    case 'look':
      return containsLoop(node.body);
    default:
      return false;
  }
}

function findBackref(node: Node): Extract<Node, { t: 'backref' }> | undefined {
  switch (node.t) {
    case 'backref':
      return node;
    case 'repeat':
    case 'look':
      return findBackref(node.body);
    case 'seq':
      return node.items.map(findBackref).find(Boolean);
    case 'alt':
      return node.options.map(findBackref).find(Boolean);
    default:
      return undefined;
  }
}

/**
 * What makes `source` (a pattern that compiles with `flags`) unsafe to run on untrusted text, or
 * null when its matching time is at most linear per start position.
 */
export function regexProblem(source: string, flags: string): RegexProblem | null {
  let root: Node;
  try {
    root = new Parser(source, flags).parse();
  } catch {
    return { kind: 'complex' };
  }
  const backref = findBackref(root);
  if (backref) return { kind: 'backreference', at: source.slice(backref.start, backref.end) };
  try {
    // (?i:…) turns case folding on for part of a pattern: taken as on for all of it (more sharing, never less).
    const fold = flags.includes('i') || /\(\?[a-z]*i[a-z]*(?:-[a-z]*)?:/.test(source);
    const a = new Automaton(fold);
    const frag = a.build(root);
    for (const [p, routes] of frag.first) a.edge(0, p, routes);

    const n = a.sets.length;
    const { of, count } = components(n, (p) => a.follow[p]!.keys());
    const members: number[][] = Array.from({ length: count }, () => []);
    for (let p = 0; p < n; p++) members[of[p]!]!.push(p);
    const cyclic = members.filter((m) => m.length > 1 || a.follow[m[0]!]!.has(m[0]!));
    const budget = new Budget();
    const text = (r: Repeat | undefined) => (r ? source.slice(r.start, r.end) : source);

    for (const scc of cyclic) {
      if (!exponential(a, scc, budget)) continue;
      // Named: the innermost repeat around it that holds another repeat, else the innermost.
      const loops = loopsOf(a, scc);
      const nested = loops.filter((r) => containsLoop(r.body)).pop();
      return nested ? { kind: 'nested', at: text(nested) } : { kind: 'overlap', at: text(loops[loops.length - 1]) };
    }

    // Which components each cyclic one reaches (through any path).
    for (const c1 of cyclic) {
      const reach = new Set<number>();
      const stack = [...c1];
      while (stack.length) {
        const p = stack.pop()!;
        for (const q of a.follow[p]!.keys()) {
          if (!reach.has(q)) {
            reach.add(q);
            stack.push(q);
          }
        }
      }
      for (const c2 of cyclic) {
        if (c2 === c1 || !reach.has(c2[0]!)) continue;
        if (!polynomial(a, c1, c2, budget)) continue;
        const first = loopsOf(a, c1).pop();
        const second = loopsOf(a, c2).pop();
        const edge = [first, second].find((r) => r && r.min === 0 && (r.start === 0 || r.end === source.length));
        if (edge) return { kind: 'edge', at: text(edge) };
        return { kind: 'adjacent', at: text(first), other: text(second) };
      }
    }
    return measured(source, flags, a);
  } catch (e) {
    if (e instanceof TooComplex) return { kind: 'complex' };
    throw e;
  }
}

// ---- the measured backstop -------------------------------------------------------------------------

/** Texts this long at most are tried; the lengths grow step by step, so a blow-up shows early and small. */
const TRIAL_LENGTHS = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 30];
/** A trial slower than this (twice) refuses the pattern: a real one takes microseconds on 30 characters. */
const TRIAL_MS = 5;

/**
 * What the analysis above cannot bound: a finite but huge number of ways to match, which needs no
 * loop — `(?:a?){25}b` has 2^25 of them and takes a second on ten letters. Such patterns are run
 * on short texts made of the characters they read (each repeated, then a character that ends any
 * match), growing a step at a time; one that takes milliseconds on a few dozen characters is
 * refused. Runs only where rules are entered.
 */
function measured(source: string, flags: string, a: Automaton): RegexProblem | null {
  const re = new RegExp(source, flags);
  const reps = new Set<number>([97]);
  for (let p = 1; p < a.sets.length; p++) {
    const set = a.sets[p]!;
    if (!set.length) continue;
    reps.add(set[0]!);
    // A letter when the set has one (a text of letters is what a rule meets), and its middle.
    const letter = intersect(set, setOf([[97, 122]]));
    if (letter.length) reps.add(letter[0]!);
    reps.add(Math.floor((set[0]! + set[1]!) / 2));
    if (reps.size > 24) break;
  }
  const everything = union(...a.sets.slice(1));
  const outside = complement(everything);
  const end = String.fromCodePoint(outside.length ? outside[0]! : 33);
  const units = [...reps].filter((cp) => cp < 0xd800 || cp > 0xdfff).map((cp) => String.fromCodePoint(cp));
  // Also the characters in the order the pattern reads them, as one pump.
  const pump = units.join('');
  const trial = (text: string): number => {
    const started = performance.now();
    re.test(text);
    return performance.now() - started;
  };
  for (const unit of [...units, pump]) {
    for (const length of TRIAL_LENGTHS) {
      const text = unit.repeat(Math.max(1, Math.ceil(length / unit.length))).slice(0, Math.max(length, 1)) + end;
      // Twice before refusing: a pause of the machine is not the pattern's.
      const ms = trial(text);
      if (ms > TRIAL_MS && Math.min(ms, trial(text)) > TRIAL_MS) return { kind: 'slow', ms: Math.round(ms), length: text.length };
    }
  }
  return null;
}
