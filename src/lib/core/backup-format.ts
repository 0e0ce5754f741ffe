/**
 * The workspace backup file: every stored table's records in one gzip file, typed arrays kept as raw bytes.
 * Pure: no Dexie, no DOM beyond Blob and (De)CompressionStream, which node has too.
 *
 * Unpacked layout: 8-byte magic "CHECKUP\0", u32 LE format version, u32 LE header length, the header as UTF-8
 * JSON, zero padding to a multiple of 8, then the bytes of every typed array, each starting on a multiple of 8.
 * In the header JSON, values JSON cannot hold are tagged objects: {"$n":"NaN"|"Infinity"|"-Infinity"|"-0"},
 * {"$u":1} (undefined), {"$d":iso} (Date), {"$a":type,"o":offset,"n":length} (typed array). Object keys that
 * start with '$' get one more '$', so no record can pass for a tag.
 */

export const BACKUP_FORMAT_VERSION = 1;
/** What a backup file is called when downloaded. */
export const BACKUP_EXTENSION = '.checkup-backup';

const MAGIC = [0x43, 0x48, 0x45, 0x43, 0x4b, 0x55, 0x50, 0x00]; // "CHECKUP\0"
const PREFIX_BYTES = 16;
/** Refuse to unpack more than this: a hostile file must not exhaust memory. */
export const MAX_UNPACKED_BYTES = 2 ** 31 - 1;

/** The records of one store; `keys` only for stores whose keys are not inside the records. */
export interface BackupTable {
	records: unknown[];
	keys?: unknown[];
}

/** Everything a backup holds. */
export interface BackupContents {
	app: 'checkup';
	/** ISO date-time the backup was made. */
	createdAt: string;
	/** The IndexedDB schema version the records are in. */
	databaseVersion: number;
	tables: Record<string, BackupTable>;
}

/** The file is not a backup this version can read; the message says why, for the user. */
export class BackupFileError extends Error {
	override name = 'BackupFileError';
}

const TYPED_ARRAYS = {
	Float64Array,
	Float32Array,
	Int32Array,
	Uint32Array,
	Int16Array,
	Uint16Array,
	Int8Array,
	Uint8Array,
	Uint8ClampedArray
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;
type AnyTypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

function typedArrayName(value: ArrayBufferView): TypedArrayName | null {
	const name = value.constructor.name;
	return name in TYPED_ARRAYS && value.constructor === TYPED_ARRAYS[name as TypedArrayName] ? (name as TypedArrayName) : null;
}

function padTo8(n: number): number {
	return Math.ceil(n / 8) * 8;
}

/** Collects typed arrays' bytes while their places in the header are written. */
class Segments {
	parts: Uint8Array[] = [];
	length = 0;

	add(array: AnyTypedArray): number {
		const offset = this.length;
		const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
		this.parts.push(bytes);
		const padded = padTo8(bytes.length);
		if (padded > bytes.length) this.parts.push(new Uint8Array(padded - bytes.length));
		this.length += padded;
		return offset;
	}
}

function encodeNumber(value: number): unknown {
	if (Number.isNaN(value)) return { $n: 'NaN' };
	if (value === Infinity) return { $n: 'Infinity' };
	if (value === -Infinity) return { $n: '-Infinity' };
	if (Object.is(value, -0)) return { $n: '-0' };
	return value;
}

function encodeValue(value: unknown, segments: Segments, path: string): unknown {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
	if (typeof value === 'number') return encodeNumber(value);
	if (value === undefined) return { $u: 1 };
	if (Array.isArray(value)) {
		const out = new Array<unknown>(value.length);
		for (let i = 0; i < value.length; i++) out[i] = encodeValue(value[i], segments, `${path}[${i}]`);
		return out;
	}
	if (value instanceof Date) return { $d: value.toISOString() };
	if (ArrayBuffer.isView(value)) {
		const name = typedArrayName(value);
		if (!name) throw new Error(`cannot back up ${path}: a ${value.constructor.name} is not supported`);
		const array = value as AnyTypedArray;
		return { $a: name, o: segments.add(array), n: array.length };
	}
	const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
	if (proto !== Object.prototype && proto !== null) {
		throw new Error(`cannot back up ${path}: a value of type ${typeof value === 'object' ? value.constructor?.name : typeof value} is not supported`);
	}
	const out: Record<string, unknown> = {};
	for (const [key, inner] of Object.entries(value as object)) {
		out[key.startsWith('$') ? `$${key}` : key] = encodeValue(inner, segments, `${path}.${key}`);
	}
	return out;
}

/** Typed arrays are written as the machine holds them; every browser Checkup runs in is little-endian. */
function assertLittleEndian(): void {
	if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new BackupFileError('Backups need a little-endian machine.');
}

/** Packs the contents into one gzip Blob. Throws naming the value when a record holds something that cannot be kept. */
export async function encodeBackup(contents: BackupContents): Promise<Blob> {
	assertLittleEndian();
	const segments = new Segments();
	const header = new TextEncoder().encode(JSON.stringify(encodeValue(contents, segments, 'backup')));
	const prefix = new Uint8Array(padTo8(PREFIX_BYTES + header.length));
	prefix.set(MAGIC, 0);
	const view = new DataView(prefix.buffer);
	view.setUint32(8, BACKUP_FORMAT_VERSION, true);
	view.setUint32(12, header.length, true);
	prefix.set(header, PREFIX_BYTES);
	const raw = new Blob([prefix, ...segments.parts] as BlobPart[]);
	const gzip = raw.stream().pipeThrough(new CompressionStream('gzip'));
	return new Response(gzip).blob();
}

async function gunzip(file: Blob): Promise<Uint8Array<ArrayBuffer>> {
	const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
	if (head.length === 0) throw new BackupFileError('The file is empty.');
	if (head.length < 2 || head[0] !== 0x1f || head[1] !== 0x8b) {
		const hint = head[0] === 0x7b ? ' It looks like a JSON file: a scorecard file is imported on the Scorecard or Share page.' : '';
		throw new BackupFileError(`This is not a Checkup backup: the file is not compressed the way backups are.${hint}`);
	}
	const parts: Uint8Array[] = [];
	let total = 0;
	const reader = file.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			total += value.length;
			if (total > MAX_UNPACKED_BYTES) throw new BackupFileError('The backup unpacks to more than 2 GB, more than a browser workspace can hold; it was not read.');
			parts.push(value);
		}
	} catch (err) {
		if (err instanceof BackupFileError) throw err;
		throw new BackupFileError('The backup file is damaged or incomplete (it could not be unpacked); perhaps the download did not finish.');
	} finally {
		void reader.cancel().catch(() => {});
	}
	const out = new Uint8Array(total);
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}

/** How deep values may nest: a workspace's records go about ten levels deep (a version's scorecard's metric's points). */
const MAX_DEPTH = 200;

/** Rebuilds tagged values; every offset and length is checked against the bytes actually there. */
class Decoder {
	#bytes: Uint8Array<ArrayBuffer>;
	#start: number;

	constructor(bytes: Uint8Array<ArrayBuffer>, start: number) {
		this.#bytes = bytes;
		this.#start = start;
	}

	value(raw: unknown, path: string, depth = 0): unknown {
		if (raw === null || typeof raw === 'string' || typeof raw === 'boolean' || typeof raw === 'number') return raw;
		// Checked before recursing, so a hostile file cannot exhaust the stack ("Maximum call stack size exceeded").
		if (depth > MAX_DEPTH) throw damaged(path.length > 120 ? `${path.slice(0, 120)}…` : path, `values nested more than ${MAX_DEPTH} deep`);
		if (Array.isArray(raw)) return raw.map((item, i) => this.value(item, `${path}[${i}]`, depth + 1));
		if (typeof raw !== 'object') throw damaged(path, 'an unknown kind of value');
		const entries = Object.entries(raw);
		const tag = entries.length > 0 && entries[0][0].startsWith('$') && !entries[0][0].startsWith('$$') ? entries[0][0] : null;
		if (tag) return this.#tagged(tag, raw as Record<string, unknown>, path);
		const out: Record<string, unknown> = {};
		for (const [key, inner] of entries) {
			const name = key.startsWith('$$') ? key.slice(1) : key;
			if (name === '__proto__') throw damaged(path, 'a field named __proto__');
			out[name] = this.value(inner, `${path}.${name}`, depth + 1);
		}
		return out;
	}

	#tagged(tag: string, raw: Record<string, unknown>, path: string): unknown {
		const keys = Object.keys(raw).join(',');
		if (tag === '$u' && keys === '$u') return undefined;
		if (tag === '$n' && keys === '$n') {
			const special: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };
			if (typeof raw.$n === 'string' && raw.$n in special) return special[raw.$n];
		}
		if (tag === '$d' && keys === '$d' && typeof raw.$d === 'string') {
			const date = new Date(raw.$d);
			if (!Number.isNaN(date.getTime())) return date;
		}
		if (tag === '$a' && keys === '$a,o,n') return this.#typedArray(raw, path);
		throw damaged(path, `a value tagged ${JSON.stringify(tag)} that cannot be read`);
	}

	#typedArray(raw: Record<string, unknown>, path: string): AnyTypedArray {
		const { $a: type, o: offset, n: length } = raw;
		if (typeof type !== 'string' || !Object.hasOwn(TYPED_ARRAYS, type)) throw damaged(path, `an array of unknown type ${JSON.stringify(type)}`);
		const Type = TYPED_ARRAYS[type as TypedArrayName];
		const bytes = Number(length) * Type.BYTES_PER_ELEMENT;
		if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || (offset as number) < 0 || (length as number) < 0 || (offset as number) % 8 !== 0) {
			throw damaged(path, 'an array with an impossible position');
		}
		const start = this.#start + (offset as number);
		if (start + bytes > this.#bytes.length) throw damaged(path, 'an array that runs past the end of the file (is the file cut short?)');
		// A copy: each record then owns exactly its own bytes (IndexedDB stores a view's whole buffer).
		return new Type(this.#bytes.buffer.slice(this.#bytes.byteOffset + start, this.#bytes.byteOffset + start + bytes));
	}
}

function damaged(path: string, what: string): BackupFileError {
	return new BackupFileError(`The backup file is damaged: ${path} holds ${what}.`);
}

function readPrefix(bytes: Uint8Array): { version: number; headerLength: number } {
	if (bytes.length < PREFIX_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) {
		throw new BackupFileError('This is not a Checkup backup: it is a compressed file, but not one Checkup made.');
	}
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const version = view.getUint32(8, true);
	if (version > BACKUP_FORMAT_VERSION) {
		throw new BackupFileError(`This backup was made by a newer version of Checkup (backup format ${version}; this version reads format ${BACKUP_FORMAT_VERSION} and older). Open it with the newer version.`);
	}
	if (version < 1) throw new BackupFileError(`The backup file is damaged: it claims backup format ${version}.`);
	const headerLength = view.getUint32(12, true);
	if (PREFIX_BYTES + headerLength > bytes.length) throw new BackupFileError('The backup file is incomplete: it ends inside its table of contents.');
	return { version, headerLength };
}

function checkContents(value: unknown): BackupContents {
	const v = value as Partial<BackupContents> | null;
	if (typeof v !== 'object' || v === null || v.app !== 'checkup') throw new BackupFileError('The backup file is damaged: it does not say it is a Checkup workspace.');
	if (typeof v.createdAt !== 'string') throw new BackupFileError('The backup file is damaged: it has no creation date.');
	if (!Number.isSafeInteger(v.databaseVersion) || (v.databaseVersion as number) < 1) {
		throw new BackupFileError(`The backup file is damaged: database version ${JSON.stringify(v.databaseVersion)}.`);
	}
	if (typeof v.tables !== 'object' || v.tables === null || Array.isArray(v.tables)) throw new BackupFileError('The backup file is damaged: it has no tables.');
	for (const [name, table] of Object.entries(v.tables)) {
		const t = table as Partial<BackupTable> | null;
		if (typeof t !== 'object' || t === null || !Array.isArray(t.records)) throw new BackupFileError(`The backup file is damaged: table "${name}" has no records.`);
		if (t.keys !== undefined && (!Array.isArray(t.keys) || t.keys.length !== t.records.length)) {
			throw new BackupFileError(`The backup file is damaged: table "${name}" has ${t.records.length} records but a different number of keys.`);
		}
	}
	return v as BackupContents;
}

/**
 * Reads a backup file. Throws a BackupFileError with a message for the user when it is not a backup, is
 * damaged or cut short, or was made by a newer version.
 */
export async function decodeBackup(file: Blob): Promise<BackupContents> {
	assertLittleEndian();
	const bytes = await gunzip(file);
	const { headerLength } = readPrefix(bytes);
	let header: unknown;
	try {
		header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength)));
	} catch {
		throw new BackupFileError('The backup file is damaged: its table of contents cannot be read.');
	}
	const decoder = new Decoder(bytes, padTo8(PREFIX_BYTES + headerLength));
	return checkContents(decoder.value(header, 'backup'));
}
