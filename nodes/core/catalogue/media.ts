/**
 * What a media field's value refers to: an http(s) URL (with its file extension, when the path
 * has one) or a data: URI (with its media type and decoded size).
 */
import type { MediaParamType, ParamType } from './types';

/** File extensions that name the same format. */
const SAME_FORMAT: Record<string, string> = { jpeg: 'jpg', tif: 'tiff', mpeg: 'mpg' };

/** Media type of a data: URI → file extension. */
const MIME_EXTENSIONS: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/jpg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'image/bmp': 'bmp',
	'image/gif': 'gif',
	'image/tiff': 'tiff',
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'video/webm': 'webm',
	'video/x-msvideo': 'avi',
	'video/avi': 'avi',
	'video/x-matroska': 'mkv',
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/wav': 'wav',
	'audio/wave': 'wav',
	'audio/x-wav': 'wav',
	'audio/mp4': 'm4a',
	'audio/m4a': 'm4a',
	'audio/x-m4a': 'm4a',
	'audio/flac': 'flac',
	'audio/aac': 'aac',
	'audio/ogg': 'ogg',
};

/** Extensions recognised as media files in a URL path; other endings say nothing about the type. */
const MEDIA_EXTENSIONS = new Set(
	(
		'jpg jpeg png webp bmp gif tif tiff heic avif svg ' +
		'mp4 mov webm avi mkv m4v flv wmv mpg mpeg ' +
		'mp3 wav m4a flac aac ogg opus wma'
	).split(' '),
);

const HTTP_URL = /^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/i;
const DATA_URI = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)?((?:;[a-z0-9.+-]+=[^;,]*)*)(;base64)?,/i;

export type MediaReference =
	| {
			kind: 'url';
			/** Media file extension of the path (lower-case, `jpeg` as `jpg`), when there is one. */
			extension?: string;
	  }
	| {
			kind: 'data';
			/** e.g. `audio/mpeg`; empty when the URI names none. */
			mime: string;
			/** Extension of that media type (`jpg`, `mp3` …), when known. */
			extension?: string;
			/** Decoded size in bytes. */
			bytes: number;
	  };

export function isMediaType(type: ParamType): type is MediaParamType {
	return type === 'image' || type === 'video' || type === 'audio';
}

/** `jpeg` → `jpg`, `tif` → `tiff`: one name per format. */
export function sameFormat(extension: string): string {
	const lower = extension.toLowerCase();
	return SAME_FORMAT[lower] ?? lower;
}

/** The file extension a URL's path ends with, lower-case, or undefined. */
export function urlExtension(url: string): string | undefined {
	const path = url.replace(/^[a-z]+:\/\/[^/?#]*/i, '').replace(/[?#].*$/, '');
	const match = /\.([a-z0-9]{1,5})$/i.exec(path);
	return match ? match[1].toLowerCase() : undefined;
}

/** What a media value refers to, or undefined when it is neither an http(s) URL nor a data: URI. */
export function parseMediaReference(value: string): MediaReference | undefined {
	const text = value.trim();
	const data = DATA_URI.exec(text);
	if (data) {
		const mime = (data[1] ?? '').toLowerCase();
		const payload = text.slice(data[0].length);
		const bytes = data[3]
			? Math.floor((payload.replace(/[\s=]+$/, '').length * 3) / 4)
			: payload.length;
		const extension = MIME_EXTENSIONS[mime];
		return { kind: 'data', mime, bytes, ...(extension === undefined ? {} : { extension }) };
	}
	if (!HTTP_URL.test(text)) return undefined;
	const extension = urlExtension(text);
	return extension !== undefined && MEDIA_EXTENSIONS.has(extension)
		? { kind: 'url', extension: sameFormat(extension) }
		: { kind: 'url' };
}
