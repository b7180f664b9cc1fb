/**
 * A live card shows its desktop or its phone rendering depending on the width (lib/hf/selectors.ts):
 * when the window is resized, each toolbar follows the rendering that is shown — once a frame, all
 * cards read first, then moved (placeToolbars).
 */
import type { CardView } from '../card-view';
import type { PageFeature } from '../context';
import { ShownRendering } from '../shown-rendering';

export const renderings: PageFeature = {
  name: 'renderings',
  init(ctx, signal) {
    const win = ctx.doc.defaultView;
    if (!win) return {};
    let frame: number | null = null;
    win.addEventListener(
      'resize',
      () => {
        frame ??= win.requestAnimationFrame(() => {
          frame = null;
          if (!signal.aborted) placeToolbars(ctx.views().filter((v) => v.renderings > 1));
        });
      },
      { signal },
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
