/**
 * The single paper page, `/papers/<arXiv id>`: one record, read from the page itself.
 *
 * The "card" is the block around the page's `<h1>` (title, authors, buttons) — where the star button
 * and tag chips go. The id comes from the URL; the hydration island (whatever its data-target) is used
 * when one carries `paper.id` equal to it.
 */
import type { PaperRecord } from '../model/paper';
import { type CardContext, type DomPaper, injectedTest, isInjected, readLinks, readUpvotes, scanText } from './cards';
import { readPaperHydration } from './hydration';
import { logMissOnce } from './log';
import { mergeRecord } from './merge';
import { SEL, TEXT } from './selectors';
import { cleanText, httpUrl } from './values';

export interface PaperPageRead {
  block: HTMLElement;
  record: PaperRecord;
}

/** The title block of the page, or null when the page has no `<h1>` (yet). */
export function findPaperBlock(doc: Document): HTMLElement | null {
  const h1 = doc.querySelector(SEL.paperTitle);
  if (!h1) return null;
  for (const sel of SEL.paperBlock) {
    const block = h1.closest(sel);
    if (block) return block;
  }
  return h1.parentElement ?? h1;
}

export function readPaperPage(doc: Document, id: string, ctx: CardContext, seenOn: PaperRecord['seenOn']): PaperPageRead | undefined {
  const block = findPaperBlock(doc);
  if (!block) {
    logMissOnce('paperTitle');
    return undefined;
  }
  const dom = readPaperDom(doc, block, id, ctx);
  const hyd = readPaperHydration(doc, id, ctx.base);
  // An <h1> alone is not a paper: HF answers unknown ids with an error page that has one too.
  if (!hyd && !dom.abstract && !doc.querySelector(`a[href*="arxiv.org/abs/${id}"]`)) {
    logMissOnce('paperTitle', 'a page without the paper (no JSON, abstract or arXiv link)');
    return undefined;
  }
  const record = mergeRecord(dom, hyd, seenOn);
  if (!record) {
    logMissOnce('paperTitle', 'empty title');
    return undefined;
  }
  return { block, record };
}

function readPaperDom(doc: Document, block: HTMLElement, id: string, ctx: CardContext): DomPaper {
  const injected = injectedTest(block);
  const authors = authorList(block);
  const { fields } = readLinks(block, ctx, { injected, skip: authors?.container, heading: block.querySelector(SEL.paperTitle) });
  const dom: DomPaper = { id, ...fields };
  const title = cleanText(doc.querySelector(SEL.paperTitle)?.textContent);
  if (title) dom.title = title;
  const abstract = sectionText(doc, TEXT.abstractHeading);
  if (abstract) dom.abstract = abstract;
  const aiSummary = sectionText(doc, TEXT.aiSummaryHeading);
  if (aiSummary) dom.aiSummary = aiSummary;
  // The page shows names, not a count: the count follows from the names (merge.ts), and a complete
  // JSON list is not overruled by a list the page has not finished rendering.
  if (authors) dom.authorNames = authors.names;
  const upvotes = readUpvotes(block, injected);
  if (upvotes) dom.upvotes = upvotes;
  const { publishedAt } = scanText(block, ctx, injected);
  if (publishedAt) dom.publishedAt = publishedAt;
  const og = doc.querySelector(SEL.ogImage);
  const thumbnail = og ? httpUrl(og.getAttribute('content'), ctx.base) : undefined;
  if (thumbnail) dom.thumbnail = thumbnail;
  return dom;
}

/**
 * The paragraphs after a heading ("Abstract", "AI-generated summary"), within the heading's section:
 * the AI summary shown above the abstract on HF is its own heading, so neither takes the other.
 */
function sectionText(doc: Document, heading: RegExp): string | undefined {
  for (const h of doc.querySelectorAll(SEL.paperHeading)) {
    if (!heading.test(cleanText(h.textContent) ?? '')) continue;
    const parts: string[] = [];
    for (const p of h.parentElement?.querySelectorAll('p') ?? []) {
      const text = cleanText(p.textContent);
      if (text && h.compareDocumentPosition(p) & 4 /* DOCUMENT_POSITION_FOLLOWING */) parts.push(text);
    }
    if (parts.length) return parts.join(' ');
  }
  return undefined;
}

/**
 * "Authors:" then one element per author (a link to the user page, or plain text), comma-separated.
 * The label may be its own element or a bare text node inside the list. A list ending in a "+N" /
 * "…" expander is not the whole list, so no names are returned for it.
 */
function authorList(block: Element): { container: Element; names: string[] } | undefined {
  const label = findText(block, TEXT.authorsLabel);
  const parent = label?.parentElement;
  if (!parent) return undefined;
  const labelIsElement = TEXT.authorsLabel.test(cleanText(parent.textContent) ?? '');
  const container = labelIsElement ? parent.parentElement : parent;
  if (!container) return undefined;
  const names: string[] = [];
  for (const child of container.children) {
    if (child === parent || isInjected(child)) continue;
    const name = cleanText(child.textContent)?.replace(/,$/, '').trim();
    if (!name) continue;
    if (/^(?:\+\s*\d+|…|\.\.\.)/.test(name)) return undefined;
    names.push(name);
  }
  return names.length ? { container, names } : undefined;
}

/** The first short text node under `root` matching `re`. */
function findText(root: Element, re: RegExp): Text | undefined {
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const raw = n.nodeValue;
    if (raw && raw.length < 40 && re.test(cleanText(raw) ?? '')) return n as Text;
  }
  return undefined;
}
