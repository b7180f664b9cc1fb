import type { ReadingStatus, Tag } from '../model/library';
import { statusLabel, t } from '../i18n';
import { el, replaceChildren } from './dom';

export interface TagEditorOptions {
  doc: Document;
  /** Tags on this paper now. */
  tags: () => Tag[];
  /** Every tag in the library, for suggestions. */
  allTags: () => Tag[];
  add(name: string): Promise<void>;
  remove(tag: Tag): Promise<void>;
  /** Reading status and note (the editor is "tags, status and note"); optional for tag-only use. */
  status?: () => ReadingStatus | undefined;
  setStatus?(status: ReadingStatus | null): Promise<void>;
  note?: () => string;
  setNote?(text: string): Promise<void>;
  close(): void;
  /** Says a message to screen readers through the page's one live region (lib/page/toast.ts). */
  announce?(text: string): void;
}

export const STATUS_ORDER: ReadingStatus[] = ['to-read', 'reading', 'read'];

const MAX_SUGGESTIONS = 8;

/**
 * The inline tag editor: type, Enter to add (or pick a suggestion with the arrow keys),
 * Backspace in the empty field removes the last tag, Escape closes. Errors show in the editor.
 */
export class TagEditor {
  readonly node: HTMLDivElement;
  private input: HTMLInputElement;
  private list: HTMLUListElement;
  private current: HTMLDivElement;
  private message: HTMLDivElement;
  private statusButtons: HTMLButtonElement[] = [];
  private noteField: HTMLTextAreaElement | null = null;
  private suggestions: Tag[] = [];
  private active = -1;
  private busy = false;

  constructor(private opts: TagEditorOptions) {
    const { doc } = opts;
    const listId = `pd-suggest-${Math.random().toString(36).slice(2, 9)}`;
    this.current = el(doc, 'div', { class: 'pd-editor-tags', attrs: { 'aria-label': t('editorTagsLabel') } });
    this.input = el(doc, 'input', {
      attrs: {
        type: 'text',
        'aria-label': t('addTagLabel'),
        placeholder: t('addTagPlaceholder'),
        maxlength: 40,
        role: 'combobox',
        'aria-autocomplete': 'list',
        'aria-expanded': 'false',
        'aria-controls': listId,
        autocomplete: 'off',
      },
      on: { input: () => this.refreshSuggestions(), keydown: (e) => this.onKey(e) },
    });
    this.list = el(doc, 'ul', { class: 'pd-suggestions', attrs: { id: listId, role: 'listbox', 'aria-label': t('existingTags') } });
    // Not a live region of its own: what it says beyond the hint is announced through the page's one.
    this.message = el(doc, 'div', { class: 'pd-editor-hint' }, t('editorHint'));
    const extras: HTMLElement[] = [];
    if (opts.setStatus && opts.status) {
      this.statusButtons = STATUS_ORDER.map((status) =>
        el(
          doc,
          'button',
          {
            class: 'pd-status-option',
            attrs: { type: 'button', 'aria-pressed': 'false', 'data-status': status },
            on: {
              click: () => {
                const next = opts.status!() === status ? null : status;
                void this.run(() => opts.setStatus!(next));
              },
              keydown: (e) => this.onFieldKey(e),
            },
          },
          statusLabel(status),
        ),
      );
      extras.push(
        el(doc, 'div', { class: 'pd-status-group', attrs: { role: 'group', 'aria-label': t('readingStatus') } }, ...this.statusButtons),
      );
    }
    if (opts.setNote && opts.note) {
      const note = el(doc, 'textarea', {
        class: 'pd-note-field',
        attrs: { 'aria-label': t('noteLabel'), placeholder: t('notePlaceholder'), rows: 3, maxlength: 20000 },
        on: {
          keydown: (e) => {
            e.stopPropagation();
            if (e.key === 'Escape') {
              e.preventDefault();
              void this.saveNote().then(() => this.opts.close());
            } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void this.saveNote();
            }
          },
          change: () => void this.saveNote(),
        },
      });
      note.value = opts.note();
      this.noteField = note;
      extras.push(note);
    }
    this.node = el(
      doc,
      'div',
      {
        class: 'pd-ui pd-editor',
        attrs: { role: 'dialog', 'aria-label': opts.setNote ? t('editorDialogLabel') : t('editTags') },
        // Keep clicks inside the editor from reaching the card's own link handlers.
        on: { click: (e) => e.stopPropagation(), focusout: (e) => this.onFocusOut(e) },
      },
      this.current,
      this.input,
      this.list,
      ...extras,
      this.message,
    );
    this.render();
  }

  /** Keys on the status buttons: Escape closes; nothing reaches the page's shortcuts. */
  private onFieldKey(e: KeyboardEvent): void {
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      this.opts.close();
    }
  }

  private async saveNote(): Promise<void> {
    const field = this.noteField;
    if (!field || !this.opts.setNote || !this.opts.note) return;
    if (field.value.trim() === this.opts.note().trim()) return;
    const ok = await this.run(() => this.opts.setNote!(field.value));
    if (ok) this.say(t('noteSaved'), false);
  }

  focus(): void {
    this.input.focus();
  }

  /** Re-render after the paper's tags or the library's tags changed. */
  render(): void {
    const { doc } = this.opts;
    replaceChildren(
      this.current,
      ...this.opts.tags().map((tag) =>
        el(
          doc,
          'span',
          { class: 'pd-editor-tag', attrs: { 'data-colour': tag.colour } },
          tag.name,
          el(
            doc,
            'button',
            {
              attrs: { type: 'button', 'aria-label': t('removeTag', tag.name) },
              on: { click: () => void this.run(() => this.opts.remove(tag)) },
            },
            '×',
          ),
        ),
      ),
    );
    const status = this.opts.status?.();
    for (const button of this.statusButtons) button.setAttribute('aria-pressed', String(button.dataset.status === status));
    this.refreshSuggestions();
  }

  private refreshSuggestions(): void {
    const query = this.input.value.trim().toLowerCase();
    const on = new Set(this.opts.tags().map((t) => t.id));
    const candidates = this.opts.allTags().filter((t) => !on.has(t.id));
    const starts = candidates.filter((t) => t.name.toLowerCase().startsWith(query));
    const contains = query ? candidates.filter((t) => !t.name.toLowerCase().startsWith(query) && t.name.toLowerCase().includes(query)) : [];
    this.suggestions = [...starts, ...contains].slice(0, MAX_SUGGESTIONS);
    this.active = query && this.suggestions.length ? 0 : -1;
    this.renderSuggestions();
  }

  private renderSuggestions(): void {
    const { doc } = this.opts;
    replaceChildren(
      this.list,
      ...this.suggestions.map((tag, i) =>
        el(
          doc,
          'li',
          {
            attrs: { role: 'option', id: `${this.list.id}-${i}`, 'aria-selected': i === this.active ? 'true' : 'false' },
            on: {
              // mousedown, not click: keeps focus in the input so focusout does not close the editor first.
              mousedown: (e) => {
                e.preventDefault();
                void this.addName(tag.name);
              },
            },
          },
          tag.name,
        ),
      ),
    );
    this.input.setAttribute('aria-expanded', String(this.suggestions.length > 0));
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `${this.list.id}-${this.active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  private onKey(e: KeyboardEvent): void {
    // The page's own shortcuts (and ours) must not see keys typed here.
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      this.opts.close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!this.suggestions.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.suggestions.length) % this.suggestions.length;
      this.renderSuggestions();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const picked = this.active >= 0 ? this.suggestions[this.active]?.name : undefined;
      void this.addName(picked ?? this.input.value);
    } else if (e.key === 'Backspace' && this.input.value === '') {
      const last = this.opts.tags().at(-1);
      if (last) {
        e.preventDefault();
        void this.run(() => this.opts.remove(last));
      }
    }
  }

  private async addName(raw: string): Promise<void> {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (!name) return;
    if (this.opts.tags().some((t) => t.name.toLowerCase() === name.toLowerCase())) {
      this.say(t('alreadyTagged', name), false);
      return;
    }
    const ok = await this.run(() => this.opts.add(name));
    if (ok) this.input.value = '';
    this.refreshSuggestions();
  }

  private async run(action: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.node.setAttribute('aria-busy', 'true');
    try {
      await action();
      this.say(t('editorHint'), false);
      return true;
    } catch (error) {
      this.say(
        error instanceof Error && 'userMessage' in error ? String(error.userMessage) : String((error as Error)?.message ?? error),
        true,
      );
      return false;
    } finally {
      this.busy = false;
      this.node.removeAttribute('aria-busy');
    }
  }

  private say(text: string, isError: boolean): void {
    const changed = this.message.textContent !== text;
    this.message.textContent = text;
    this.message.className = isError ? 'pd-editor-error' : 'pd-editor-hint';
    if (changed && text !== t('editorHint')) this.opts.announce?.(text);
  }

  private onFocusOut(e: FocusEvent): void {
    const next = e.relatedTarget;
    if (next instanceof Node && this.node.contains(next)) return;
    // Focus left the editor (click elsewhere, Tab out): close it, keeping what was added.
    queueMicrotask(() => {
      if (!this.node.contains(this.opts.doc.activeElement)) this.opts.close();
    });
  }
}
