/**
 * A live card shows its desktop or its phone rendering depending on the width (lib/hf/selectors.ts):
 * when the window is resized, each toolbar follows the rendering that is shown — once a frame, all
 * cards read first, then moved (placeToolbars).
 */
import { STYLESHEET_LINK } from '../../hf/watch';
import type { CardView } from '../card-view';
import type { PageFeature } from '../context';
import { ShownRendering } from '../shown-rendering';

export const renderings: PageFeature = {
  name: 'renderings',
  init(ctx, signal) {
    const win = ctx.doc.defaultView;
    if (!win) return {};
    let frame: number | null = null;
    const replace = () => {
      frame ??= win.requestAnimationFrame(() => {
        frame = null;
        if (!signal.aborted) placeToolbars(ctx.views().filter((v) => v.renderings > 1 && v.decorated));
      });
    };
    win.addEventListener('resize', replace, { signal });
    // A stylesheet that loads after the cards were decorated (the page read while it parses) may
    // show the other rendering: the toolbars follow. (Load events do not bubble: caught on the way down.)
    ctx.doc.addEventListener(
      'load',
      (event) => {
        const target = event.target as Element | null;
        if (target?.matches?.(STYLESHEET_LINK)) replace();
      },
      { signal, capture: true },
    );
    return {
      destroy() {
        if (frame !== null) win.cancelAnimationFrame(frame);
      },
    };
  },
};

/**
 * Puts every toolbar in the rendering of its card that is shown: all reads first, then the moves
 * (one layout, however many cards). For a paint, and when the window is resized.
 */
function placeToolbars(views: readonly CardView[]): void {
  const shown = new ShownRendering();
  const anchors = views.map((v) => v.anchor(shown));
  views.forEach((v, i) => v.place(anchors[i] ?? null));
}
