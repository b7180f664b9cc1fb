/**
 * A JavaScript pattern (flags u and s; it compiled already) parsed into the tree the regex
 * analysis works on (lib/topics/regex-safety): characters as sets, sequences, alternatives,
 * repeats with their bounds and place in the source, lookarounds and back-references.
 */
import { ALL, LINE_ENDS, complement, setOf, single, union, type CharSet } from './regex-charsets';
import { readEscape } from './regex-escapes';

export type Node =
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

export class Parser {
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

  /** An escape, the backslash at `this.i` (lib/topics/regex-escapes). */
  private classEscape(inClass: boolean): { over: CharSet; under: CharSet } {
    const { over, under, end } = readEscape(this.src, this.i, this.u, inClass);
    this.i = end;
    return { over, under };
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

export function findBackref(node: Node): Extract<Node, { t: 'backref' }> | undefined {
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
