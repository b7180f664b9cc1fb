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
  fireEvent.input(
    screen.getByRole('textbox', { name: kind === 'regex' ? 'Regular expression' : kind === 'author' ? 'Author' : 'Word or phrase' }),
    {
      target: { value: pattern },
    },
  );
  fireEvent.click(screen.getByRole('button', { name: 'Hide' }));
};

describe('RulesPanel', () => {
  it('shows an empty state, then rules with how many seen papers each hides', async () => {
    const library = await seeded();
    renderWith(<RulesPanel />, library);
    expect(await screen.findByText('No hidden topics yet.')).toBeTruthy();
    addRule('keyword', 'diffusion');
    const item = await screen.findByText('Topic "diffusion"');
    await waitFor(() => expect(item.closest('li')!.textContent).toContain('folds 2 papers'));
    addRule('author', 'jane doe');
    await waitFor(() => expect(screen.getByText('Author jane doe').closest('li')!.textContent).toContain('folds 1 paper'));
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

  it('refuses a pattern that could freeze the page, naming the part at fault (issue 17)', async () => {
    const library = await seeded();
    renderWith(<RulesPanel />, library);
    await screen.findByText('No hidden topics yet.');
    addRule('regex', '(\\w+\\s?)+$');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      '“(\\w+\\s?)+” repeats a part that itself repeats: one title could be matched in millions of ways and freeze the page. Keep one of the two repeats.',
    );
    expect(await library.db.rules.count()).toBe(0);
  });

  it('shows a rule Paperdeck turned off for being slow, and why; turning it on again clears that', async () => {
    const library = await seeded();
    const rule = await library.addRule({ kind: 'regex', pattern: 'robo+ts', flags: 'i' });
    await library.updateRule(rule.id, { enabled: false, stopped: { reason: 'slow', ms: 240 } });
    renderWith(<RulesPanel />, library);
    const item = (await screen.findByText('Pattern /robo+ts/i')).closest('li')!;
    expect(item.textContent).toContain('Off: too slow (240 ms on one paper)');
    fireEvent.click(within(item).getByRole('checkbox'));
    await waitFor(async () => expect((await library.listRules())[0]).toMatchObject({ enabled: true }));
    expect((await library.listRules())[0]).not.toHaveProperty('stopped');
  });

  it('edits, turns off and deletes a rule', async () => {
    const library = await seeded();
    renderWith(<RulesPanel />, library);
    await screen.findByText('No hidden topics yet.');
    addRule('keyword', 'robots');
    await screen.findByText('Topic "robots"');
    fireEvent.click(screen.getByRole('button', { name: 'Edit Topic "robots"' }));
    const form = screen.getByRole('form', { name: 'Edit Topic "robots"' });
    const field = within(form).getByRole('textbox', { name: 'Word or phrase' });
    fireEvent.input(field, { target: { value: 'unrelated' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    const edited = await screen.findByText('Topic "unrelated"');
    await waitFor(() => expect(edited.closest('li')!.textContent).toContain('folds 1 paper'));
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
    fireEvent.input(within(form).getByRole('textbox', { name: 'Regular expression' }), { target: { value: '[oops' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(/Not a valid regular expression/);
    expect((await library.listRules())[0]!.pattern).toBe('diff\\w+');
  });

  it('adds a rule with a mode and exceptions, shows them, counts only what it hides, and clears them on edit', async () => {
    const library = await seeded();
    renderWith(<RulesPanel />, library);
    await screen.findByText('No hidden topics yet.');
    const form = screen.getByRole('form', { name: 'Add a hidden topic' });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Word or phrase' }), { target: { value: 'diffusion' } });
    fireEvent.change(within(form).getByRole('combobox', { name: 'A matching paper' }), { target: { value: 'dim' } });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Unless it mentions' }), { target: { value: 'latent ,  images' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Hide' }));
    const item = (await screen.findByText('Topic "diffusion"', { exact: false })).closest('li')!;
    // Both seen diffusion papers mention an exception: the rule dims none of them.
    await waitFor(() => expect(item.textContent).toContain('dims 0 papers'));
    expect(item.textContent).toContain('unless it mentions latent, images');
    const [rule] = await library.listRules();
    expect(rule).toMatchObject({ pattern: 'diffusion', mode: 'dim', unless: 'latent, images' });

    fireEvent.click(screen.getByRole('button', { name: 'Edit Topic "diffusion"' }));
    const edit = screen.getByRole('form', { name: 'Edit Topic "diffusion"' });
    expect(within(edit).getByRole<HTMLInputElement>('textbox', { name: 'Unless it mentions' }).value).toBe('latent, images');
    fireEvent.input(within(edit).getByRole('textbox', { name: 'Unless it mentions' }), { target: { value: '' } });
    fireEvent.change(within(edit).getByRole('combobox', { name: 'A matching paper' }), { target: { value: 'hide' } });
    fireEvent.click(within(edit).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByText('Topic "diffusion"').closest('li')!.textContent).toContain('hides 2 papers'));
    const [edited] = await library.listRules();
    expect(edited!.mode).toBe('hide');
    expect(edited!.unless).toBeUndefined();
  });

  it('refuses an exception without a word, on the exceptions field', async () => {
    const library = await seeded();
    renderWith(<RulesPanel />, library);
    await screen.findByText('No hidden topics yet.');
    const form = screen.getByRole('form', { name: 'Add a hidden topic' });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Word or phrase' }), { target: { value: 'robots' } });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Unless it mentions' }), { target: { value: '!!, ??' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Hide' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(/An exception needs at least one letter or digit/);
    expect(within(form).getByRole('textbox', { name: 'Unless it mentions' }).getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByRole('textbox', { name: 'Word or phrase' }).getAttribute('aria-invalid')).toBeNull();
    expect(await library.db.rules.count()).toBe(0);
  });

  it('says so when the rule exists already instead of silently keeping the old one', async () => {
    const library = await seeded();
    await library.addRule({ kind: 'keyword', pattern: 'robots' });
    renderWith(<RulesPanel />, library);
    await screen.findByText('Topic "robots"');
    const form = screen.getByRole('form', { name: 'Add a hidden topic' });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Word or phrase' }), { target: { value: 'Robots' } });
    fireEvent.change(within(form).getByRole('combobox', { name: 'A matching paper' }), { target: { value: 'hide' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Hide' }));
    expect(await screen.findByText(/is already a rule: use its Edit button/)).toBeTruthy();
    expect(await library.db.rules.count()).toBe(1);
  });

  it('pauses and resumes every rule with one switch', async () => {
    const library = await seeded();
    await library.addRule({ kind: 'keyword', pattern: 'robots' });
    renderWith(<RulesPanel />, library);
    const pause = await screen.findByRole('switch', { name: 'Pause all rules' });
    await waitFor(() => expect((pause as HTMLInputElement).disabled).toBe(false));
    expect((pause as HTMLInputElement).checked).toBe(false);
    fireEvent.click(pause);
    await waitFor(async () => expect((await library.getSettings()).pauseRules).toBe(true));
    expect(await screen.findByText(/Paused: pages show every paper/)).toBeTruthy();
    await waitFor(() => expect(screen.getByText(/would be hidden without the pause/)).toBeTruthy());
    fireEvent.click(screen.getByRole('switch', { name: 'Pause all rules' }));
    await waitFor(async () => expect((await library.getSettings()).pauseRules).toBe(false));
    await waitFor(() => expect(screen.queryByText(/Paused: pages show every paper/)).toBeNull());
  });
});

describe('follow rules beside hidden topics', () => {
  it('a "Following" tab adds, lists and counts follow rules apart from the hidden topics', async () => {
    const library = await seeded();
    await library.addRule({ kind: 'keyword', pattern: 'unrelated' });
    renderWith(<RulesPanel />, library);
    await screen.findByText('Topic "unrelated"');
    fireEvent.click(screen.getByRole('tab', { name: 'Follow rules' }));
    expect(await screen.findByRole('heading', { name: 'Following' })).toBeTruthy();
    await screen.findByText('You follow nothing yet');
    expect(screen.queryByText('Topic "unrelated"')).toBeNull();
    // No mode and no pause: a follow rule never hides.
    expect(screen.queryByRole('combobox', { name: 'A matching paper' })).toBeNull();
    expect(screen.queryByRole('switch', { name: 'Pause all rules' })).toBeNull();
    const form = screen.getByRole('form', { name: 'Follow something new' });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Word or phrase' }), { target: { value: 'diffusion' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Follow' }));
    const item = (await screen.findByText('Topic "diffusion"')).closest('li')!;
    await waitFor(() => expect(item.textContent).toContain('marks 2 papers'));
    expect(await library.listRules()).toMatchObject([
      { kind: 'keyword', pattern: 'unrelated' },
      { action: 'follow', kind: 'keyword', pattern: 'diffusion' },
    ]);
    // A regex that could freeze the page is refused here too, with the reason.
    fireEvent.change(within(form).getByRole('combobox', { name: 'Follow by' }), { target: { value: 'regex' } });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Regular expression' }), { target: { value: '(\\w+\\s?)+' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Follow' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(/repeat/i);
    fireEvent.click(screen.getByRole('tab', { name: 'Hide rules' }));
    await screen.findByText('Topic "unrelated"');
    expect(screen.queryByText('Topic "diffusion"')).toBeNull();
  });
});
