import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { configure } from '@testing-library/preact';

beforeEach(() => {
  fakeBrowser.reset();
});

// findBy*/waitFor wait for what they check; 1 s (the default) is not enough on a loaded 2-core machine.
configure({ asyncUtilTimeout: 5_000 });
