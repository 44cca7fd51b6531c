// The schema language of the runtime code: zod/mini, whose functional API lets a bundle keep only
// what it uses (a sixth of classic zod's weight, and less to load at every cold start).
// Mini ships without messages of its own ("Invalid input" for every issue): zod's English ones are
// registered here, so that a message no schema spells out reads as it did with classic zod.
// Import zod through this module in functions/; lib/ and local/ run at synth or on a laptop and use
// classic zod, which accepts these schemas inside its own.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
