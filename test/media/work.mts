/**
 * The media parsers and their work-budget module, loaded so that they share one budget. Imported
 * as ESM, each CommonJS TypeScript file can be loaded as a separate instance, with its own copy
 * of the budget's counters; required, they are the single instance the parsers also use inside.
 */
import { createRequire } from 'node:module';

import type * as Duration from '../../nodes/core/media/duration.ts';
import type * as Bytes from '../../nodes/core/media/duration/bytes.ts';
import type * as Mp3 from '../../nodes/core/media/duration/mp3.ts';
import type * as Mp4 from '../../nodes/core/media/duration/mp4.ts';
import type * as Wav from '../../nodes/core/media/duration/wav.ts';

const require = createRequire(import.meta.url);
const dir = '../../nodes/core/media/duration';

export const work = require(`${dir}/bytes.ts`) as typeof Bytes;
export const duration = require(`${dir}.ts`) as typeof Duration;
export const mp3 = require(`${dir}/mp3.ts`) as typeof Mp3;
export const mp4 = require(`${dir}/mp4.ts`) as typeof Mp4;
export const wav = require(`${dir}/wav.ts`) as typeof Wav;
