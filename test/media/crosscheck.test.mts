/**
 * Cross-checks against real encoders and ffprobe. Each case is skipped when its tools are not
 * installed (Debian: lame, sox, ffmpeg, espeak-ng); the main tests never need them.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { measureAudioDuration } from '../../nodes/core/media/duration.ts';

const has = (tool: string) =>
	spawnSync(tool, ['--version'], { stdio: 'ignore' }).error === undefined;
const tools = Object.fromEntries(
	['lame', 'sox', 'ffmpeg', 'ffprobe', 'espeak-ng'].map((t) => [t, has(t)]),
);
const need = (...names: string[]) => {
	const missing = names.filter((n) => !tools[n]);
	return missing.length ? `${missing.join(', ')} not installed` : false;
};

const dir = mkdtempSync(join(tmpdir(), 'rh-duration-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (tool: string, ...args: string[]) =>
	execFileSync(tool, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
const measure = (file: string) => measureAudioDuration(readFileSync(join(dir, file)));
/** ffprobe's duration of the file (or of its first audio stream), in whole milliseconds. */
const probe = (file: string, entry = 'format=duration') => {
	const out = run(
		'ffprobe',
		'-v',
		'error',
		'-select_streams',
		'a:0',
		'-show_entries',
		entry,
		'-of',
		'csv=p=0',
		file,
	).toString();
	return Math.floor(Number(out.trim()) * 1000 + 1e-6);
};
/** Decoded length in whole milliseconds: frames ffprobe counts × samples per frame. */
const decoded = (file: string, samplesPerFrame: number) => {
	const out = run(
		'ffprobe',
		'-v',
		'error',
		'-count_frames',
		'-select_streams',
		'a:0',
		'-show_entries',
		'stream=nb_read_frames,sample_rate',
		'-of',
		'csv=p=0',
		file,
	).toString();
	const [rate, frames] = out.trim().split(',').map(Number);
	return Math.floor((frames * samplesPerFrame * 1000) / rate);
};
/** A 44.1 kHz stereo sine of exactly 3.3 s (145530 samples), made by sox. */
const source = () =>
	run(
		'sox',
		'-n',
		'-r',
		'44100',
		'-c',
		'2',
		'-b',
		'16',
		'src44.wav',
		'synth',
		'3.3',
		'sine',
		'440',
	);

describe('cross-check against real encoders', () => {
	it('sox WAV', { skip: need('sox') }, () => {
		source();
		assert.deepEqual(measure('src44.wav'), { format: 'wav', durationMs: 3300, exact: true });
		run(
			'sox',
			'-n',
			'-r',
			'22050',
			'-c',
			'1',
			'-b',
			'8',
			'-e',
			'mu-law',
			'mulaw.wav',
			'synth',
			'1.2',
			'sine',
			'300',
		);
		assert.deepEqual(measure('mulaw.wav'), { format: 'wav', durationMs: 1200, exact: true });
	});

	it(
		'LAME: CBR, VBR and ABR with the Info/Xing + LAME tag are gapless-exact',
		{ skip: need('sox', 'lame') },
		() => {
			source();
			for (const [name, args] of [
				['cbr', ['-b', '128']],
				['vbr', ['-V', '4']],
				['abr', ['--abr', '96']],
				['mono', ['-m', 'm', '-b', '48']],
			] as const) {
				run('lame', '--quiet', ...args, 'src44.wav', `${name}.mp3`);
				assert.deepEqual(
					measure(`${name}.mp3`),
					{ format: 'mp3', durationMs: 3300, exact: true },
					name,
				);
			}
		},
	);

	it('LAME: MPEG-2 and MPEG-2.5 resampled', { skip: need('sox', 'lame', 'ffprobe') }, () => {
		source();
		run('lame', '--quiet', '--resample', '22.05', '-b', '64', 'src44.wav', 'mpeg2.mp3');
		const mpeg2 = measure('mpeg2.mp3'); // tagged: gapless, and resampling keeps the length within a sample
		assert.equal(mpeg2?.format, 'mp3');
		assert.ok(Math.abs((mpeg2?.durationMs ?? 0) - 3300) <= 1, `mpeg2.mp3: ${mpeg2?.durationMs}`);
		// 16 kbps at 8 kHz: frames too small for LAME's tag, so every frame (with the encoder delay) counts
		run('lame', '--quiet', '--resample', '8', '-b', '16', 'src44.wav', 'mpeg25.mp3');
		assert.deepEqual(measure('mpeg25.mp3'), {
			format: 'mp3',
			durationMs: decoded('mpeg25.mp3', 576),
			exact: true,
		});
	});

	it(
		'LAME without a tag: every frame walked, as ffprobe decodes them',
		{ skip: need('sox', 'lame', 'ffprobe') },
		() => {
			source();
			run('lame', '--quiet', '-t', '-b', '128', 'src44.wav', 'notag.mp3');
			run('lame', '--quiet', '-t', '-V', '2', 'src44.wav', 'notag-vbr.mp3'); // ffprobe's own estimate is off here
			run('sh', '-c', 'cat notag.mp3 notag-vbr.mp3 > joined.mp3');
			for (const file of ['notag.mp3', 'notag-vbr.mp3', 'joined.mp3']) {
				assert.deepEqual(
					measure(file),
					{ format: 'mp3', durationMs: decoded(file, 1152), exact: true },
					file,
				);
			}
		},
	);

	it(
		'ffmpeg: MP3 (Lavf tag), MP2, WAV (file, pipe, RF64), M4A (AAC, ALAC), MP4 with video',
		{ skip: need('ffmpeg', 'ffprobe') },
		() => {
			const sine = (rate: number) => [
				'-loglevel',
				'error',
				'-f',
				'lavfi',
				'-i',
				`sine=d=3.3:r=${rate}`,
			];
			run('ffmpeg', ...sine(44100), '-b:a', '128k', 'ff.mp3');
			assert.deepEqual(measure('ff.mp3'), { format: 'mp3', durationMs: 3300, exact: true });
			run('ffmpeg', ...sine(48000), '-c:a', 'mp2', 'ff.mp2');
			assert.equal(measure('ff.mp2')?.durationMs, probe('ff.mp2'));
			run('ffmpeg', ...sine(16000), 'ff.wav');
			assert.deepEqual(measure('ff.wav'), { format: 'wav', durationMs: 3300, exact: true });
			execFileSync('sh', ['-c', `ffmpeg ${sine(16000).join(' ')} -f wav - > pipe.wav`], {
				cwd: dir,
			});
			assert.deepEqual(measure('pipe.wav'), { format: 'wav', durationMs: 3300, exact: false });
			run('ffmpeg', ...sine(24000), '-rf64', 'always', 'rf64.wav');
			assert.deepEqual(measure('rf64.wav'), { format: 'wav', durationMs: 3300, exact: true });
			run('ffmpeg', ...sine(44100), '-c:a', 'adpcm_ima_wav', 'adpcm.wav');
			assert.equal(measure('adpcm.wav')?.durationMs, probe('adpcm.wav'));
			run('ffmpeg', ...sine(48000), '-c:a', 'aac', 'aac.m4a');
			assert.deepEqual(measure('aac.m4a'), { format: 'm4a', durationMs: 3300, exact: true });
			run('ffmpeg', ...sine(48000), '-c:a', 'aac', '-movflags', '+faststart', 'fast.m4a');
			assert.deepEqual(measure('fast.m4a'), { format: 'm4a', durationMs: 3300, exact: true });
			run('ffmpeg', ...sine(44100), '-c:a', 'alac', 'alac.m4a');
			assert.deepEqual(measure('alac.m4a'), { format: 'm4a', durationMs: 3300, exact: true });
			run(
				'ffmpeg',
				...sine(44100),
				'-f',
				'lavfi',
				'-i',
				'testsrc=d=4:s=64x64',
				'-c:a',
				'aac',
				'-c:v',
				'mpeg4',
				'av.mp4',
			);
			assert.deepEqual(measure('av.mp4'), { format: 'm4a', durationMs: 3300, exact: true }); // the audio, not the 4 s video
			run(
				'ffmpeg',
				...sine(44100),
				'-c:a',
				'aac',
				'-movflags',
				'frag_keyframe+empty_moov',
				'frag.mp4',
			);
			assert.deepEqual(measure('frag.mp4'), {
				format: 'm4a',
				durationMs: probe('frag.mp4'),
				exact: true,
			});
		},
	);

	it(
		'espeak-ng WAV, written to a file and to a pipe',
		{ skip: need('espeak-ng', 'ffprobe') },
		() => {
			run('espeak-ng', '-w', 'speech.wav', 'Lip-sync timings must not run past the audio.');
			assert.deepEqual(measure('speech.wav'), {
				format: 'wav',
				durationMs: probe('speech.wav'),
				exact: true,
			});
			execFileSync('sh', ['-c', 'espeak-ng --stdout "Hello from RunningHub" > piped.wav'], {
				cwd: dir,
			});
			const piped = measure('piped.wav');
			assert.equal(piped?.durationMs, probe('piped.wav'));
		},
	);
});
