import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

/** ARIA tabs: ←/→ (and Home/End) move between tabs, each panel labelled by its tab. */
export function Tabs<K extends string>({
  tabs,
  current,
  onChange,
  label,
  idBase,
}: {
  tabs: readonly { key: K; label: ComponentChildren }[];
  current: K;
  onChange: (key: K) => void;
  label: string;
  idBase: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const go = (i: number) => {
    const n = (i + tabs.length) % tabs.length;
    onChange(tabs[n]!.key);
    refs.current[n]?.focus();
  };
  return (
    <div class="pd-tabs" role="tablist" aria-label={label}>
      {tabs.map((t, i) => (
        <button
          key={t.key}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`${idBase}-tab-${t.key}`}
          aria-controls={`${idBase}-panel-${t.key}`}
          aria-selected={t.key === current}
          tabIndex={t.key === current ? 0 : -1}
          class={`pd-tab${t.key === current ? ' pd-on' : ''}`}
          onClick={() => onChange(t.key)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight') go(i + 1);
            else if (e.key === 'ArrowLeft') go(i - 1);
            else if (e.key === 'Home') go(0);
            else if (e.key === 'End') go(tabs.length - 1);
            else return;
            e.preventDefault();
          }}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function TabPanel({
  idBase,
  tab,
  children,
  class: cls,
}: {
  idBase: string;
  tab: string;
  children: ComponentChildren;
  class?: string;
}) {
  return (
    <div role="tabpanel" id={`${idBase}-panel-${tab}`} aria-labelledby={`${idBase}-tab-${tab}`} class={cls ?? 'pd-tabpanel'}>
      {children}
    </div>
  );
}
