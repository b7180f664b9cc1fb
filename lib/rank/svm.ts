/**
 * A linear support vector machine on sparse vectors: L2-regularised, squared-hinge loss, solved
 * in the dual by coordinate descent (Hsieh et al., "A Dual Coordinate Descent Method for
 * Large-scale Linear SVM", ICML 2008 — the method behind LIBLINEAR's default solver, and so behind
 * scikit-learn's LinearSVC that arxiv-sanity-lite trains per tag).
 *
 *   minimise ½‖w‖² + Σᵢ Cᵢ · max(0, 1 − yᵢ (w·xᵢ + b))²
 *
 * Each sample has its own cost Cᵢ: classes are balanced by cost, and "not interested" papers weigh
 * as much as starred ones. The bias is a constant feature (regularised, as in LIBLINEAR).
 * Deterministic: samples are visited in an order drawn from a seeded generator.
 */
import type { SparseRows } from './vectors';

export interface LinearModel {
  w: Float32Array;
  b: number;
}

export interface SvmOptions {
  /** Passes over the data at most. */
  maxEpochs: number;
  /** Stop when the projected gradient's spread falls below this (LIBLINEAR's default: 0.1). */
  tolerance: number;
  seed: number;
}

export const DEFAULT_SVM: SvmOptions = { maxEpochs: 60, tolerance: 0.1, seed: 1 };

/** The bias feature's value. */
const BIAS = 1;

/** A small seeded generator (mulberry32): the same seed, the same visiting order. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SvmReport {
  epochs: number;
  converged: boolean;
}

/**
 * Trains on the rows of `x` with labels `y` (+1 / −1) and per-sample costs `cost`, over `dim` features.
 *
 * The solver's loops are each in a function of their own (Dual): the engine optimises a function
 * with the type feedback of the code that ran so far, so one function holding the set-up loop, the
 * epochs and the result was optimised in its first loop and thrown back to the interpreter at each
 * later part (five optimisations of trainSvm per first training, measured with --trace-opt).
 */
export function trainSvm(
  x: SparseRows,
  y: Int8Array,
  cost: Float64Array,
  dim: number,
  options: SvmOptions = DEFAULT_SVM,
): LinearModel & { report: SvmReport } {
  const dual = new Dual(x, y, cost, dim);
  const rand = random(options.seed);
  let epoch = 0;
  let converged = false;
  while (epoch < options.maxEpochs) {
    epoch++;
    dual.shuffle(rand);
    if (dual.epoch() <= options.tolerance) {
      converged = true;
      break;
    }
  }
  return { w: Float32Array.from(dual.w), b: dual.b * BIAS, report: { epochs: epoch, converged } };
}

/** The dual problem's state: the weights, the bias and each sample's multiplier. */
class Dual {
  readonly w: Float64Array;
  b = 0;
  private readonly alpha: Float64Array;
  /** Dᵢᵢ = 1 / (2 Cᵢ) */
  private readonly diag: Float64Array;
  /** Qᵢᵢ = xᵢ·xᵢ + BIAS² + Dᵢᵢ */
  private readonly qd: Float64Array;
  /** The samples in this epoch's order. */
  private readonly order: Int32Array;

  constructor(
    private readonly x: SparseRows,
    private readonly y: Int8Array,
    cost: Float64Array,
    dim: number,
  ) {
    const n = y.length;
    this.w = new Float64Array(dim);
    this.alpha = new Float64Array(n);
    this.diag = new Float64Array(n);
    this.qd = new Float64Array(n);
    this.order = new Int32Array(n);
    const { start, val } = x;
    for (let i = 0; i < n; i++) {
      this.diag[i] = 0.5 / cost[i]!;
      let sq = BIAS * BIAS;
      for (let k = start[i]!; k < start[i + 1]!; k++) sq += val[k]! * val[k]!;
      this.qd[i] = sq + this.diag[i]!;
      this.order[i] = i;
    }
  }

  /** Fisher–Yates with the seeded generator. */
  shuffle(rand: () => number): void {
    const order = this.order;
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
  }

  /**
   * One pass over the samples in `order`; returns the spread of the projected gradient. Nothing
   * but the return follows the loop (the bias and the spread are kept up to date in it): V8
   * optimises this function while its first pass runs, and code after the loop that had not run
   * yet sent each later pass back to the interpreter at its end.
   */
  epoch(): number {
    const { w, alpha, diag, qd, order, y } = this;
    const { start, idx, val } = this.x;
    let b = this.b;
    let pgMax = -Infinity;
    let pgMin = Infinity;
    let spread = pgMax - pgMin;
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const from = start[i]!;
      const to = start[i + 1]!;
      const yi = y[i]!;
      let wx = b * BIAS;
      for (let m = from; m < to; m++) wx += w[idx[m]!]! * val[m]!;
      const g = yi * wx - 1 + diag[i]! * alpha[i]!;
      const pg = alpha[i] === 0 ? Math.min(g, 0) : g;
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      spread = pgMax - pgMin;
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[i]!;
        const next = Math.max(old - g / qd[i]!, 0);
        alpha[i] = next;
        const d = (next - old) * yi;
        if (d !== 0) {
          for (let m = from; m < to; m++) w[idx[m]!]! += d * val[m]!;
          b += d * BIAS;
          this.b = b;
        }
      }
    }
    return spread;
  }
}
