/**
 * Ambiguity in the position automaton (lib/topics/regex-automaton), the graph work of the regex
 * analysis: strongly connected components, then a state that returns to itself in two ways on one
 * text (exponential), or two loops, one after the other, that read the same text (polynomial).
 */
import { TooComplex, type Automaton } from './regex-automaton';
import { intersect, overlaps } from './regex-charsets';

/** States of the pair and triple automata it visits, over all checks. */
const MAX_STEPS = 1_500_000;

/** Strongly connected components (iterative Tarjan) of nodes 0..n-1; component index per node. */
export function components(n: number, next: (v: number) => Iterable<number>): { of: Int32Array; count: number } {
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

export class Budget {
  private steps = 0;
  spend(n = 1): void {
    this.steps += n;
    if (this.steps > MAX_STEPS) throw new TooComplex();
  }
}

/** Does some state of `scc` return to itself in two ways on one text? */
export function exponential(a: Automaton, scc: readonly number[], budget: Budget): boolean {
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
export function polynomial(a: Automaton, from: readonly number[], to: readonly number[], budget: Budget): boolean {
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
