/**
 * Keeps the fixed status pill (bottom right) off the cards' toolbars: while a toolbar passes
 * under the pill's corner, the pill rises just above it, and settles back once it has gone by.
 *
 * No work while nothing is under the pill: an IntersectionObserver whose root is shrunk to the
 * pill's own box reports toolbars entering and leaving it. Only while one is there does a scroll
 * listener (one read per frame) follow it.
 *
 * And the site's own controls: the page ends with an empty block as tall as the pill's corner, so
 * the last card's buttons can always be scrolled out from under the pill (on a phone the pill is
 * nearly as wide as the page). Nothing above it moves.
 */
const GAP = 6;

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export class PillDodge {
  private readonly win: (Window & typeof globalThis) | null;
  private readonly targets = new Set<Element>();
  /** Targets inside the pill's box now. */
  private readonly under = new Set<Element>();
  private observer: IntersectionObserver | null = null;
  private readonly resize: ResizeObserver | null = null;
  private frame: number | null = null;
  private following = false;
  /** Targets observed so far (a sweep of removed ones every 256). */
  private added = 0;
  private readonly onScroll = () => this.schedule();
  /** Room at the page's end for the pill's corner (see the module comment). */
  private room: HTMLElement | null = null;

  constructor(
    private readonly pill: HTMLElement,
    private readonly signal: AbortSignal,
  ) {
    this.win = pill.ownerDocument.defaultView;
    // Without these (an old engine, a test DOM), the pill simply stays where it is.
    if (!this.win?.IntersectionObserver) return;
    const doc = pill.ownerDocument;
    this.room = doc.createElement('div');
    this.room.className = 'pd-ui pd-pill-room';
    this.room.setAttribute('aria-hidden', 'true');
    doc.body.appendChild(this.room);
    if (this.win.ResizeObserver) {
      this.resize = new this.win.ResizeObserver(() => this.rebuild());
      this.resize.observe(pill);
    }
    this.win.addEventListener('resize', () => this.rebuild(), { signal });
    signal.addEventListener('abort', () => this.stop(), { once: true });
  }

  observe(target: Element): void {
    if (this.targets.has(target) || this.signal.aborted) return;
    // Now and then, let go of targets the page or we have removed (a replaced fold button).
    if (++this.added % 256 === 0) for (const t of this.targets) if (!t.isConnected) this.unobserve(t);
    this.targets.add(target);
    this.observer?.observe(target);
  }

  unobserve(target: Element): void {
    if (!this.targets.delete(target)) return;
    this.under.delete(target);
    this.observer?.unobserve(target);
  }

  /**
   * The pill's box where it rests (without our lift), in viewport coordinates: its box now, less
   * the translation it has now (mid-slide included), read without touching its style.
   */
  private restingBox(): Box | null {
    if (this.pill.hidden || !this.pill.isConnected || !this.win) return null;
    const r = this.pill.getBoundingClientRect();
    if (!r.width || !r.height) return null;
    const transform = this.win.getComputedStyle(this.pill).transform;
    const dy = transform && transform !== 'none' ? new this.win.DOMMatrixReadOnly(transform).m42 : 0;
    return { top: r.top - dy, bottom: r.bottom - dy, left: r.left, right: r.right };
  }

  /** A new observer for the pill's current box (its size or the window's changed). */
  private rebuild(): void {
    if (this.signal.aborted || !this.win) return;
    this.observer?.disconnect();
    this.observer = null;
    this.under.clear();
    // The window's size is read only with a box: reading it makes the browser lay out the page,
    // for nothing while the pill is hidden (as while a page loads).
    const box = this.restingBox();
    const h = box ? this.win.innerHeight : 0;
    if (this.room) {
      const room = box ? `${Math.ceil(h - box.top + GAP)}px` : '0px';
      if (this.room.style.height !== room) this.room.style.height = room;
      // Still the page's last block (the site may have added content after it).
      if (this.room.nextElementSibling) this.room.ownerDocument.body.appendChild(this.room);
    }
    if (!box) return this.place();
    const w = this.win.innerWidth;
    const px = (n: number) => `${-Math.max(0, Math.floor(n))}px`;
    this.observer = new this.win.IntersectionObserver((entries) => this.onEntries(entries), {
      rootMargin: `${px(box.top)} ${px(w - box.right)} ${px(h - box.bottom)} ${px(box.left)}`,
    });
    for (const target of this.targets) this.observer.observe(target);
    this.place();
  }

  private onEntries(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      if (e.isIntersecting && e.target.isConnected) this.under.add(e.target);
      else this.under.delete(e.target);
    }
    this.place();
  }

  private schedule(): void {
    if (this.frame !== null || !this.win) return;
    this.frame = this.win.requestAnimationFrame(() => {
      this.frame = null;
      this.place();
    });
  }

  /** Lifts the pill above the highest toolbar under it, or lets it rest. */
  private place(): void {
    for (const t of this.under) if (!t.isConnected) this.under.delete(t);
    const box = this.under.size ? this.restingBox() : null;
    let lift = 0;
    if (box) {
      for (const t of this.under) {
        const r = t.getBoundingClientRect();
        if (r.bottom > box.top && r.top < box.bottom && r.right > box.left && r.left < box.right)
          lift = Math.max(lift, box.bottom - r.top + GAP);
      }
    }
    this.pill.style.transform = lift ? `translateY(${-Math.ceil(lift)}px)` : '';
    this.follow(this.under.size > 0);
  }

  private follow(on: boolean): void {
    if (on === this.following || !this.win) return;
    this.following = on;
    if (on) this.win.addEventListener('scroll', this.onScroll, { passive: true, capture: true });
    else this.win.removeEventListener('scroll', this.onScroll, { capture: true });
  }

  private stop(): void {
    this.room?.remove();
    this.observer?.disconnect();
    this.resize?.disconnect();
    this.follow(false);
    if (this.frame !== null) this.win?.cancelAnimationFrame(this.frame);
    this.pill.style.transform = '';
  }
}
