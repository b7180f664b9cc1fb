import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { RulesPanel } from '../../../components/RulesPanel';
import { freshLibrary, NOW, record, renderWith } from './helpers';

async function seeded() {
  const library = freshLibrary();
  await library.recordSeen(
    [
      record({ title: 'Diffusion for images' }),
      record({ title: 'Latent diffusion, again' }),
      record({ title: 'Robots', authors: ['Jane Doe', 'Sam Roe'] }),
      record({ title: 'Unrelated' }),
    ],
    NOW,
  );
  await library.settle();
  return library;
}

const addRule = (kind: string, pattern: string) => {
  fireEvent.change(screen.getByRole('combobox', { name: 'Hide by' }), { target: { value: kind } });
  fireEvent.input(screen.getByRole('textbox', { name: kind === 'regex' ? 'Regular expression' : kind === 'author' ? 'Author' : 'Word or phrase' }), {
    target: { value: pattern },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Hide' }));
};

describe('RulesPanel', () => {
  it('shows an empty state, then rules with how many seen papers each hides', async () => {
    const library = await seeded();
    renderWith(<RulesPanel />, library);
    expect(await screen.findByText('No hidden topics yet.')).toBeTruthy();
    addRule('keyword', 'diffusion');
    const item = await screen.findByText('Topic "diffusion"');
    await waitFor(() => expect(item.closest('li')!.textContent).toContain('hides 2 papers'));
    addRule('author', 'jane doe');
    await waitFor(() => expect(screen.getByText('Author jane doe').closest('li')!.textContent).toContain('hides 1 paper'));
    await waitFor(() => expect(screen.getByText(/3 papers of 4 seen are hidden/)).toBeTruthy());
  });

  it('refuses an invalid regular expression with a clear message and saves nothing', async () => {
    const library = await seeded();
    renderWith(<RulesPanel />, library);
    await screen.findByText('No hidden topics yet.');
    addRule('regex', '(unclosed');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Not a valid regular expression/);
    expect(screen.getByRole('textbox', { name: 'Regular expression' }).getAttribute('aria-invalid')).toBe('true');
    expect(await library.db.rules.count()).toBe(0);
    // A pattern that matches empty text would hide everything: refused too.
    addRule('regex', 'x*');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/matches empty text/));
    expect(await library.db.rules.count()).toBe(0);
  });

  it('edits, turns off and deletes a rule', async () => {
    const library = await seeded();
    renderWith(<RulesPanel />, library);
    await screen.findByText('No hidden topics yet.');
    addRule('keyword', 'robots');
    await screen.findByText('Topic "robots"');
    fireEvent.click(screen.getByRole('button', { name: 'Edit Topic "robots"' }));
    const form = screen.getByRole('form', { name: 'Edit Topic "robots"' });
    const field = within(form).getByRole('textbox');
    fireEvent.input(field, { target: { value: 'unrelated' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    const edited = await screen.findByText('Topic "unrelated"');
    await waitFor(() => expect(edited.closest('li')!.textContent).toContain('hides 1 paper'));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Topic "unrelated": on' }));
    await waitFor(async () => expect((await library.listRules())[0]!.enabled).toBe(false));
    await waitFor(() => expect(screen.getByText('Topic "unrelated"').closest('li')!.textContent).toContain('off'));
    fireEvent.click(screen.getByRole('button', { name: 'Delete Topic "unrelated"' }));
    expect(await screen.findByText('No hidden topics yet.')).toBeTruthy();
    expect(await library.db.rules.count()).toBe(0);
  });

  it('refuses an invalid edit with the reason and keeps the rule as it was', async () => {
    const library = await seeded();
    renderWith(<RulesPanel />, library);
    await screen.findByText('No hidden topics yet.');
    addRule('regex', 'diff\\w+');
    await screen.findByText('Pattern /diff\\w+/i');
    fireEvent.click(screen.getByRole('button', { name: 'Edit Pattern /diff\\w+/i' }));
    const form = screen.getByRole('form', { name: 'Edit Pattern /diff\\w+/i' });
    fireEvent.input(within(form).getByRole('textbox'), { target: { value: '[oops' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(/Not a valid regular expression/);
    expect((await library.listRules())[0]!.pattern).toBe('diff\\w+');
  });
});
