import { cslName } from './csljson';
import { arxivAbsUrl, oneLine, paperDate, type ExportItem } from './items';

/**
 * RIS (the RIS format as read by Zotero, EndNote, Mendeley): `TAG  - value` lines, CRLF, one record
 * per paper closed by `ER  - `, a blank line between records.
 *
 * Type: `TY  - JOUR` with `T2  - arXiv`. Zotero's RIS reader (zotero/translators RIS.js) has no
 * preprint type: `GEN` is read as a journal article anyway, `ELEC` as a web page, `UNPB` is
 * unknown and `UNPD` becomes a manuscript. JOUR + T2 gives a journal article whose
 * publication is "arXiv" — what Zotero itself saved for arXiv papers until 2022 and what EndNote,
 * Mendeley and Google Scholar's RIS do — so every reader keeps authors, date and abstract.
 *
 * No DO line: no DOI is known for the record (arXiv's DataCite DOIs are not on the HF page).
 * Every value is flattened to one line, so a newline in a title can never start a forged tag.
 */

const CRLF = '\r\n';

function line(tag: string, value: string): string {
  return `${tag}  - ${value}`;
}

/**
 * An author as RIS wants it, "Family, Given[, Suffix]" — a comma in an AU line means exactly that
 * to every reader, so "Martin Luther King, Jr." written as it is came back as given name "Jr."
 * (Zotero, citation-js). Split as our CSL-JSON splits it (particles with the family name); a
 * mononym or an organisation stays one piece.
 */
export function risName(raw: string): string {
  const name = cslName(raw);
  if (name.literal !== undefined) return name.literal;
  return [name.family, name.given, name.suffix].filter(Boolean).join(', ');
}

export function risRecord(item: ExportItem): string {
  const { paper, tags } = item;
  const lines = [line('TY', 'JOUR'), line('TI', oneLine(paper.title))];
  for (const name of paper.authors ?? []) {
    const author = risName(name);
    if (author) lines.push(line('AU', author));
  }
  const date = paperDate(paper);
  if (date) {
    const pad = (n: number) => String(n).padStart(2, '0');
    lines.push(line('PY', String(date.year)));
    // RIS dates are YYYY/MM/DD; a day unknown (date from the arXiv id) is left off.
    lines.push(line('DA', `${date.year}/${pad(date.month)}${date.day ? `/${pad(date.day)}` : ''}`));
  }
  lines.push(line('T2', 'arXiv'));
  if (paper.abstract) lines.push(line('AB', oneLine(paper.abstract)));
  lines.push(line('UR', arxivAbsUrl(paper.id)));
  for (const tag of tags) {
    const name = oneLine(tag.name);
    if (name) lines.push(line('KW', name));
  }
  // The user's note (N1: notes; Zotero imports it as a child note).
  if (item.notes) lines.push(line('N1', oneLine(item.notes)));
  lines.push('ER  - ');
  return lines.join(CRLF) + CRLF;
}

export function toRis(items: readonly ExportItem[]): string {
  return items.map(risRecord).join(CRLF);
}
