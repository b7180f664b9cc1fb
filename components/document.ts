import { t, type MessageKey } from '../lib/i18n';

/**
 * The page's title and language from the messages, at startup. Browsers do not replace
 * __MSG_…__ inside an extension page's HTML, so the HTML keeps an English title for the first
 * paint and this swaps in the translated one; `lang` comes from the translation itself
 * (`htmlLang`), so it names the language the page's text is actually in.
 */
export function localiseDocument(titleKey: MessageKey): void {
  document.title = t(titleKey);
  document.documentElement.lang = t('htmlLang');
}
