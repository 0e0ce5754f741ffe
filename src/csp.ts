/**
 * What the strict Content-Security-Policy (index.html) needs set before any other module runs; main.ts imports
 * this first. Zod probes `new Function` when its first object schema is built, to pick a compiled fast path, and
 * the policy reports that probe as a violation. Without eval zod validates the same, only without compiled checks.
 */
import { z } from 'zod';

z.config({ jitless: true });
