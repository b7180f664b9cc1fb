import { browser } from 'wxt/browser';
import { useEffect, useState } from 'preact/hooks';
import { digestEnabled, turnDigestOff, turnDigestOn } from '../lib/digest/permissions';
import { ENABLED_KEY, SCHEDULE_KEY, type ScheduleState } from '../lib/digest/schedule';
import { formatDate } from './format';
import { t } from '../lib/i18n';

/**
 * The popup's "Daily digest" switch (off by default). Turning it on asks the browser for the
 * digest's optional permissions in the click itself (lib/digest/permissions.ts); the background
 * then fetches the first day at once. Says when the last day came, or why it did not.
 */
export function DigestSwitch({ libraryUrl = 'library.html' }: { libraryUrl?: string }) {
  const [on, setOn] = useState<boolean | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [schedule, setSchedule] = useState<ScheduleState>({});

  useEffect(() => {
    let live = true;
    const load = () => {
      void digestEnabled().then((v) => live && setOn(v));
      void browser.storage.local.get(SCHEDULE_KEY).then((s) => live && setSchedule((s[SCHEDULE_KEY] as ScheduleState | undefined) ?? {}));
    };
    load();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && (ENABLED_KEY in changes || SCHEDULE_KEY in changes)) load();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);

  const toggle = (e: Event) => {
    const wanted = (e.currentTarget as HTMLInputElement).checked;
    setNote(null);
    setBusy(true);
    // permissions.request must be called in the click, before anything is awaited.
    const done = wanted ? turnDigestOn() : turnDigestOff().then(() => true);
    void done
      .then((ok) => {
        setOn(wanted && ok);
        if (wanted && !ok) setNote(t('digestPermissionDenied'));
      })
      .catch((err: unknown) => {
        console.error('[paperdeck] digest switch', err);
        setNote(t('digestSwitchFailed'));
      })
      .finally(() => setBusy(false));
  };

  let status: string | null = null;
  if (on && schedule.lastError && schedule.listing !== schedule.done) status = t('digestStatusFailed');
  else if (on && schedule.done) status = t('digestStatusLast', formatDate(schedule.done));
  else if (on) status = t('digestStatusWaiting');

  return (
    <section class="pd-digest-switch" aria-labelledby="pd-digest-switch-label">
      <label class="pd-check">
        <input
          type="checkbox"
          checked={on === true}
          disabled={on === undefined || busy}
          onChange={toggle}
          aria-describedby="pd-digest-switch-hint"
        />
        <span id="pd-digest-switch-label">{t('digestSwitch')}</span>
      </label>
      <p id="pd-digest-switch-hint" class="pd-hint">
        {t('digestSwitchHint')}
      </p>
      {status && (
        <p class="pd-hint" role="status">
          {status}{' '}
          {schedule.done && (
            <a class="pd-link" href={`${libraryUrl}#digest`} target="_blank" rel="noopener">
              {t('digestOpen')}
            </a>
          )}
        </p>
      )}
      {note && (
        <p class="pd-error" role="alert">
          {note}
        </p>
      )}
    </section>
  );
}
