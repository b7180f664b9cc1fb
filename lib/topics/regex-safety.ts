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
 *
 * Where each step lives: regex-parser.ts (with regex-escapes.ts and regex-charsets.ts) parses the
 * pattern (1); regex-automaton.ts builds its automaton (1); regex-ambiguity.ts looks for 2 and 3;
 * this file checks 4, names the repeat at fault, and runs the trials (5).
 */
import { Automaton, TooComplex, containsLoop, loopsOf, type Repeat } from './regex-automaton';
import { Budget, components, exponential, polynomial } from './regex-ambiguity';
import { complement, intersect, setOf, union } from './regex-charsets';
import { Parser, findBackref, type Node } from './regex-parser';

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
