import { z } from 'zod';

// zod 4 probes `new Function` to JIT its parsers; the extension CSP forbids it and the probe
// logs an error in every extension page. Every module imports zod through here.
z.config({ jitless: true });

export { z };
