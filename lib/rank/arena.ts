/**
 * Typed-array slices carved out of shared chunks. A training makes ~30,000 short arrays (each
 * paper's tokens, each vector's indexes and values); a typed array of its own costs a separate
 * backing store each, several times the cost of a view on a shared chunk.
 *
 * A slice is a view: it stays valid as long as it is referenced, and a chunk is freed by the
 * garbage collector once none of its slices is (a long-lived corpus that drops papers keeps a
 * chunk alive while any paper in it remains: at most one chunk's worth per paper kept).
 */
const CHUNK = 1 << 16;

export class Arena<T extends Int32Array | Uint16Array | Float32Array> {
  private chunk: T;
  private used = 0;

  constructor(private readonly make: (length: number) => T) {
    this.chunk = make(0);
  }

  /** `n` zeroed elements. */
  take(n: number): T {
    if (this.used + n > this.chunk.length) {
      this.chunk = this.make(Math.max(CHUNK, n));
      this.used = 0;
    }
    const out = this.chunk.subarray(this.used, this.used + n) as T;
    this.used += n;
    return out;
  }
}

export const int32Arena = () => new Arena((n) => new Int32Array(n));
export const uint16Arena = () => new Arena((n) => new Uint16Array(n));
export const float32Arena = () => new Arena((n) => new Float32Array(n));
