/**
 * M4A / MP4 / QuickTime (ISO base media) duration.
 *
 * Top-level boxes are walked (32-bit sizes, 64-bit `largesize`, size 0 = to the end) to find
 * `moov`, wherever it is. The first audio track wins: its `mdhd` duration as presented by its edit
 * list (which trims AAC priming), or for a fragmented file the sum of its `trun` sample durations.
 * Otherwise `mvhd`, otherwise `mvex/mehd`. Without `moov` in the data there is no duration.
 *
 * Linear in the input: the code descends a fixed path of at most four levels (moov/trak/mdia,
 * moof/traf/trun), so nesting depth costs nothing; a box's content is cut at its parent's end, so
 * a box claiming more than its parent holds cannot make its bytes be walked again for every one
 * of its ancestors' siblings; each box's children are walked a fixed number of times; and every
 * step spends from the work budget (`./bytes`).
 */
import {
	fourCc,
	isAscii,
	type Measurement,
	spend,
	toMilliseconds,
	u32be,
	u64be,
	withWorkBudget,
} from './bytes';

/** ISO-BMFF brands of still images (HEIF/AVIF and friends): not audio. */
const IMAGE_BRANDS = [
	'avif',
	'avis',
	'heic',
	'heix',
	'heim',
	'heis',
	'hevc',
	'hevx',
	'heif',
	'mif1',
	'msf1',
	'crx ',
];
/** Top-level boxes a QuickTime file without `ftyp` may start with. */
const QUICKTIME_FIRST_BOXES = ['moov', 'mdat', 'free', 'skip', 'wide', 'pnot'];
const MAX_BOXES = 100_000;

/** A box type as the 32-bit integer its four bytes spell (no string per box walked). */
function typeCode(type: string): number {
	return (
		(type.charCodeAt(0) << 24) |
		(type.charCodeAt(1) << 16) |
		(type.charCodeAt(2) << 8) |
		type.charCodeAt(3)
	);
}

const MOOV = typeCode('moov');

/** Small integers only (no declared sizes, which may be huge), so V8 keeps boxes cheap. */
interface Box {
	type: number;
	body: number;
	/** Where its content ends: the declared end, cut at the parent's limit (at most the data's end). */
	limit: number;
	/** Whether the declared end lies beyond that limit (for a top-level box: beyond the data). */
	cut: boolean;
}

/**
 * Calls `visit` with each box in [start, limit), or each box of `type`, until it returns true.
 * A box is only made for the boxes visited, and none is kept, so a walk allocates little.
 */
function eachBox(
	d: Uint8Array,
	start: number,
	limit: number,
	type: string | undefined,
	visit: (box: Box) => boolean | void,
): void {
	const wanted = type === undefined ? 0 : typeCode(type);
	let pos = start;
	for (let walked = 0; pos + 8 <= limit && walked < MAX_BOXES && spend(1); walked++) {
		let size = u32be(d, pos);
		let header = 8;
		if (size === 1) {
			if (pos + 16 > limit) break;
			size = u64be(d, pos + 8);
			header = 16;
		} else if (size === 0) {
			size = limit - pos;
		}
		if (size < header) break;
		const boxType = (d[pos + 4] << 24) | (d[pos + 5] << 16) | (d[pos + 6] << 8) | d[pos + 7];
		if (type === undefined || boxType === wanted) {
			const end = pos + size;
			const box = {
				type: boxType,
				body: pos + header,
				limit: Math.min(end, limit),
				cut: end > limit,
			};
			if (visit(box) === true) return;
		}
		pos += size;
	}
}

function eachChild(d: Uint8Array, box: Box, type: string, visit: (box: Box) => void): void {
	eachBox(d, box.body, box.limit, type, visit);
}

function children(d: Uint8Array, box: Box, type: string): Box[] {
	const boxes: Box[] = [];
	eachChild(d, box, type, (child) => {
		boxes.push(child);
	});
	return boxes;
}

function firstChild(d: Uint8Array, box: Box, type: string): Box | undefined {
	let first: Box | undefined;
	eachBox(d, box.body, box.limit, type, (child) => {
		first = child;
		return true;
	});
	return first;
}

interface Timing {
	timescale: number;
	duration: number;
}

/**
 * `mvhd` and `mdhd` share this layout: version, flags, two dates, timescale, duration.
 * An unknown duration (all ones) reads as 0.
 */
function readTiming(d: Uint8Array, box: Box): Timing | undefined {
	const end = box.limit;
	const v1 = d[box.body] === 1;
	if (box.body + (v1 ? 32 : 20) > end) return undefined;
	const timescale = u32be(d, box.body + (v1 ? 20 : 12));
	const unknown = v1
		? u32be(d, box.body + 24) === 0xffffffff && u32be(d, box.body + 28) === 0xffffffff
		: u32be(d, box.body + 16) === 0xffffffff;
	const duration = v1 ? u64be(d, box.body + 24) : u32be(d, box.body + 16);
	if (timescale === 0) return undefined;
	return { timescale, duration: unknown ? 0 : duration };
}

interface AudioTrack {
	trackId: number;
	timescale: number;
	/** In the track's timescale; 0 when unknown (as in fragmented files). */
	duration: number;
	edits?: Edits;
}

/** A track's edit list (`edts/elst`): which part of its media is presented. */
interface Edits {
	/** Sum of segment durations, in the movie's timescale. */
	presented: number;
	hasEmptyEdit: boolean;
	/** Where the first non-empty edit starts in the media (the codec's priming), media timescale. */
	mediaStart: number;
}

function readEdits(d: Uint8Array, trak: Box): Edits | undefined {
	const elst = children(d, trak, 'edts').flatMap((edts) => children(d, edts, 'elst'))[0];
	if (!elst) return undefined;
	const v1 = d[elst.body] === 1;
	const entrySize = v1 ? 20 : 12;
	const count = u32be(d, elst.body + 4);
	const end = elst.limit;
	const edits: Edits = { presented: 0, hasEmptyEdit: false, mediaStart: -1 };
	for (
		let i = 0, o = elst.body + 8;
		i < count && o + entrySize <= end && spend(1);
		i++, o += entrySize
	) {
		const segment = v1 ? u64be(d, o) : u32be(d, o);
		const empty = v1 ? u32be(d, o + 8) === 0xffffffff : u32be(d, o + 4) === 0xffffffff;
		const mediaTime = v1 ? u64be(d, o + 8) : u32be(d, o + 4);
		edits.presented += segment;
		if (empty) edits.hasEmptyEdit = true;
		else if (edits.mediaStart < 0) edits.mediaStart = mediaTime;
	}
	return edits;
}

function findAudioTrack(d: Uint8Array, moov: Box): AudioTrack | undefined {
	for (const trak of children(d, moov, 'trak')) {
		let trackId: number | undefined;
		for (const mdia of children(d, trak, 'mdia')) {
			const isAudio = children(d, mdia, 'hdlr').some((h) => isAscii(d, h.body + 8, 'soun'));
			const mdhd = isAudio ? firstChild(d, mdia, 'mdhd') : undefined;
			const timing = mdhd && readTiming(d, mdhd);
			if (!timing) continue;
			// Looked up once per track, however many unusable mdia boxes it holds.
			if (trackId === undefined) {
				const tkhd = firstChild(d, trak, 'tkhd');
				trackId = tkhd ? u32be(d, tkhd.body + (d[tkhd.body] === 1 ? 20 : 12)) : 0;
			}
			return { trackId, ...timing, edits: readEdits(d, trak) };
		}
	}
	return undefined;
}

/** Media duration of the track as presented by its edit list. */
function presentedTiming(track: AudioTrack, movieTimescale: number): Timing {
	const media = { duration: track.duration, timescale: track.timescale };
	const edits = track.edits;
	if (!edits) return media;
	if (edits.presented > 0 && movieTimescale > 0) {
		const presented = { duration: edits.presented, timescale: movieTimescale };
		const shorter = presented.duration / presented.timescale < media.duration / media.timescale;
		return edits.hasEmptyEdit || shorter ? presented : media;
	}
	// Fragmented files often say "to the end" (segment duration 0) after skipping the priming.
	if (!edits.hasEmptyEdit && edits.mediaStart > 0 && edits.mediaStart < track.duration) {
		return { duration: track.duration - edits.mediaStart, timescale: track.timescale };
	}
	return media;
}

/**
 * Total sample duration of one track over all movie fragments (`moof/traf/trun`), in the track's
 * timescale, and whether every fragment was complete.
 */
function fragmentDuration(
	d: Uint8Array,
	moov: Box,
	trackId: number,
	last: Box,
): { duration: number; complete: boolean } {
	let trexDefault = 0;
	for (const mvex of children(d, moov, 'mvex')) {
		for (const trex of children(d, mvex, 'trex')) {
			if (u32be(d, trex.body + 4) === trackId) trexDefault = u32be(d, trex.body + 12);
		}
	}
	let duration = 0;
	let complete = true;
	const readTrun = (trun: Box, defaultDuration: number) => {
		const flags = u32be(d, trun.body) & 0xffffff;
		const count = u32be(d, trun.body + 4);
		if (!(flags & 0x100)) {
			duration += count * defaultDuration;
			return;
		}
		const stride =
			4 * (1 + (flags & 0x200 ? 1 : 0) + (flags & 0x400 ? 1 : 0) + (flags & 0x800 ? 1 : 0));
		let o = trun.body + 8 + (flags & 1 ? 4 : 0) + (flags & 4 ? 4 : 0);
		for (let i = 0; i < count && spend(1); i++, o += stride) {
			if (o + 4 > trun.limit) {
				complete = false;
				break;
			}
			duration += u32be(d, o);
		}
	};
	// A second walk of the top level, rather than a list of every box kept from the first.
	eachBox(d, 0, d.length, 'moof', (moof) => {
		if (moof.cut) complete = false;
		eachChild(d, moof, 'traf', (traf) => {
			const tfhd = firstChild(d, traf, 'tfhd');
			if (!tfhd || u32be(d, tfhd.body + 4) !== trackId) return;
			const tfhdFlags = u32be(d, tfhd.body) & 0xffffff;
			const o = tfhd.body + 8 + (tfhdFlags & 1 ? 8 : 0) + (tfhdFlags & 2 ? 4 : 0);
			const defaultDuration = tfhdFlags & 8 ? u32be(d, o) : trexDefault;
			eachChild(d, traf, 'trun', (trun) => readTrun(trun, defaultDuration));
		});
	});
	return { duration, complete: complete && !last.cut && last.limit === d.length };
}

/** Fragmented files may state their whole duration in `mvex/mehd` (movie timescale). */
function fragmentedTiming(d: Uint8Array, moov: Box, timescale: number): Timing | undefined {
	for (const mvex of children(d, moov, 'mvex')) {
		for (const mehd of children(d, mvex, 'mehd')) {
			const v1 = d[mehd.body] === 1;
			if (mehd.body + (v1 ? 12 : 8) > mehd.limit) continue;
			const duration = v1 ? u64be(d, mehd.body + 4) : u32be(d, mehd.body + 4);
			if (duration > 0 && timescale > 0) return { timescale, duration };
		}
	}
	return undefined;
}

export function isMp4(d: Uint8Array): boolean {
	if (d.length < 8) return false;
	const size = u32be(d, 0);
	if (size !== 0 && size !== 1 && size < 8) return false;
	const type = fourCc(d, 4);
	if (type === 'ftyp') return d.length >= 12 && !IMAGE_BRANDS.includes(fourCc(d, 8));
	return QUICKTIME_FIRST_BOXES.includes(type);
}

export function measureMp4(d: Uint8Array): Measurement | undefined {
	return withWorkBudget(d, () => readMp4(d));
}

function readMp4(d: Uint8Array): Measurement | undefined {
	if (!isMp4(d)) return undefined;
	let moov: Box | undefined;
	let last: Box | undefined;
	eachBox(d, 0, d.length, undefined, (box) => {
		if (!moov && box.type === MOOV) moov = box;
		last = box;
	});
	if (!moov || !last) return undefined;
	const mvhdBox = firstChild(d, moov, 'mvhd');
	const mvhd = mvhdBox ? readTiming(d, mvhdBox) : undefined;
	const movieTimescale = mvhd?.timescale ?? 0;
	let exact = !moov.cut;

	let timing: Timing | undefined;
	const audio = findAudioTrack(d, moov);
	if (audio && audio.duration > 0) {
		timing = presentedTiming(audio, movieTimescale);
	} else if (audio) {
		const fragments = fragmentDuration(d, moov, audio.trackId, last);
		if (fragments.duration > 0) {
			timing = presentedTiming({ ...audio, duration: fragments.duration }, movieTimescale);
			exact = exact && fragments.complete;
		}
	}
	if (!timing && mvhd && mvhd.duration > 0) timing = mvhd;
	timing = timing ?? fragmentedTiming(d, moov, movieTimescale);
	const durationMs = timing && toMilliseconds(timing.duration, timing.timescale);
	return durationMs === undefined ? undefined : { durationMs, exact };
}

/**
 * The length of the whole presentation in ms, from the movie header (`moov/mvhd`), for the
 * lip-sync rules on videos: a video's audio track may be shorter than its picture, so the
 * duration `measureMp4` prefers would refuse videos RunningHub accepts. Undefined when `moov` or
 * `mvhd` is cut off or states no duration: then RunningHub judges the length.
 */
export function movieLengthMs(d: Uint8Array): number | undefined {
	return withWorkBudget(d, () => {
		if (!isMp4(d)) return undefined;
		let moov: Box | undefined;
		eachBox(d, 0, d.length, 'moov', (box) => {
			moov = box;
			return true;
		});
		if (!moov || moov.cut) return undefined;
		const mvhd = firstChild(d, moov, 'mvhd');
		const timing = mvhd && !mvhd.cut ? readTiming(d, mvhd) : undefined;
		if (!timing || timing.duration === 0) return undefined;
		return toMilliseconds(timing.duration, timing.timescale);
	});
}
