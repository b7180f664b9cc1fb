// The page's entry: it starts reading the first rows, then loads the page's code (app.tsx: Preact,
// the components), so the database read runs while that code is fetched and run instead of after
// it (lib/db/first-screen.ts; measured in tests/bench/ui.mjs). It imports nothing else.
import { POPUP_FIRST_READ } from '../../components/first-screen';
import { startFirstScreen } from '../../lib/db/first-screen';

void startFirstScreen(POPUP_FIRST_READ);
void import('./app');
