/**
 * How text is compared, written once: the one text normaliser (case and accents) and the one list
 * of words too common to tell papers apart, for everything that indexes or weighs the words of
 * papers — the search of the popup and the library page (components/search.ts) and the "for you"
 * ranking (lib/rank/tokenize.ts).
 *
 * The list has two parts, each meaning one thing; a user of it takes the parts it needs:
 *  - STOP_WORDS, the commonest English words ("a survey of the"): dropped everywhere;
 *  - TOPICLESS_WORDS, the other function words and the vocabulary every abstract uses whatever its
 *    topic ("we propose a novel method … experiments show …"): present in most abstracts, meaningful
 *    in none. The ranking drops them everywhere; search drops them from abstracts only, so a title is
 *    still found by any of its words but the commonest. (Measured with the ranking's precision@10,
 *    tests/bench/rank.mjs: dropping web words too — https, github, project page — made it worse.)
 */

/** Letters that NFKD folds to ASCII: accented Latin and ligatures ("ﬁ" from PDFs). */
const FOLDABLE = /[\u00c0-\u024f\u1e00-\u1eff\ufb00-\ufb06]/;
const COMBINING = /[\u0300-\u036f]/g;

/**
 * Lower case, Latin accents and ligatures folded: "Schölkopf" → "scholkopf", "ﬁne" → "fine".
 * Other scripts are left as they are (their marks are part of the letter). Text without such
 * letters skips the normalisation, which costs as much as a scan of the text.
 */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  return FOLDABLE.test(lower) ? lower.normalize('NFKD').replace(COMBINING, '') : lower;
}

const list = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter(Boolean));

/** The commonest English words (folded): dropped wherever paper text is indexed or weighed. */
export const STOP_WORDS = list(`
  a an and are as at be by for from has have in is it its of on or that the this to was were will with we our
  which these those their than then also can into via
`);

/** Words that say nothing of a paper's topic (folded): see above. */
export const TOPICLESS_WORDS = list(`
  about above across after again against all almost along already although always am among another any anyone
  anything around became because become becomes been before being below between both but cannot could did do
  does doing done down during each either else enough etc even ever every few further had having he her here
  hers herself him himself his how however i if itself just least less let like made make makes many may me
  might more most much must my myself neither no nor not now off often once one only onto other others
  otherwise ours ourselves out over own per perhaps rather same several she should since so some such
  theirs them themselves there thereby therefore they though through throughout thus together too toward
  towards under until up upon us very well what whatever when where whereas whether while who whom whose why
  within without would yet you your yours yourself yourselves
  al et eg ie vs
  abstract achieve achieved achieves achieving address addresses approach approaches based best better
  challenge challenging conduct conducted consider contribution contributions demonstrate demonstrated
  demonstrates despite different effective effectiveness existing experiment experimental experiments extensive
  extensively find findings first furthermore given great highly introduce introduced introduces key
  lead leading leads main method methods moreover named new novel obtain obtained outperform outperforming outperforms
  paper papers particular particularly present presented presents previous prior problem problems propose proposed
  proposes provide provided provides recent recently remains result results significant significantly show showed
  shown shows simple study studies substantially superior three two use used uses using various
  work works available publicly
  able allow allows allowing enable enables enabling compare compared comparing comparable full average overall
  important crucial essential smaller larger include includes including implementation implementations
  strong stronger robust across respectively typically usually often commonly widely
`);

/**
 * 32-bit FNV-1a of a text's UTF-16 code units (a signed int): "has this text changed?" for caches
 * that keep derived data per text (components/search.ts), not a checksum against tampering.
 */
export function hashText(text: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h;
}
