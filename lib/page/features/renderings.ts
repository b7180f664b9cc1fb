/**
 * A live card shows its desktop or its phone rendering depending on the width (lib/hf/selectors.ts):
 * when the window is resized, each toolbar follows the rendering that is shown — once a frame, all
 * cards read first, then moved (placeToolbars).
 */
import { placeToolbars } from '../card-view';
import type { PageFeature } from '../context';

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
