/**
 * The watcher's batches settled (lib/hf/watch.ts): MutationObserver callbacks run as microtasks,
 * then the watcher waits for an animation frame, and its callers for a task.
 */
export async function settle(): Promise<void> {
  await Promise.resolve();
  await new Promise<void>((r) => requestAnimationFrame(() => r()));
  await new Promise<void>((r) => setTimeout(r, 0));
}
