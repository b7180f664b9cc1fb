/**
 * The position automaton of a parsed pattern (Glushkov): one state per character position, each
 * with the set of characters it reads and the unbounded repeats around it; where the pattern
 * offers two routes between the same positions the edge counts both, as a backtracking engine
 * tries both (lib/topics/regex-safety says what is then looked for).
 */
import { EMPTY, foldCase, type CharSet } from './regex-charsets';
import type { Node } from './regex-parser';

/** Positions (characters, after bounded repeats are expanded) the analysis takes on. */
export const MAX_POSITIONS = 1_500;
/** A bounded repeat with more optional copies than this is analysed as unbounded. */
export const MAX_OPTIONAL_COPIES = 10;

/** The pattern is bigger than the analysis allows itself to look at. */
export class TooComplex extends Error {}

export type Repeat = Extract<Node, { t: 'repeat' }>;

/** Route counts saturate at 2: "one way" or "more than one". */
type Routes = Map<number, number>;
const sat = (n: number) => (n > 2 ? 2 : n);

interface Frag {
  first: Routes;
  last: Routes;
  /** Ways to match the empty text (saturated at 2). */
  nul: number;
}

export class Automaton {
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

/** The unbounded repeats around every position of `scc`, outermost first. */
export function loopsOf(a: Automaton, scc: readonly number[]): Repeat[] {
  let common = a.loops[scc[0]!]!;
  for (const p of scc) {
    const mine = a.loops[p]!;
    let n = 0;
    while (n < common.length && n < mine.length && common[n] === mine[n]) n++;
    common = common.slice(0, n);
  }
  return common;
}

/** Whether a repeat holds a loop (a repeat the automaton takes as unbounded). */
export function containsLoop(node: Node): boolean {
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
