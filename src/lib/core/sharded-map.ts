/**
 * A map from text keys split by a hash of the key into Maps of a few thousand entries each. One Map of 250,000
 * customers doubles its table in one go as it grows (a single set() took 50–500 ms at 131,072 entries in node, and
 * one step of the Alerts page's customers 52–92 ms in Chromium); a shard's growth is a few milliseconds.
 */
export class ShardedMap<V> {
	readonly #shards: Map<string, V>[];
	readonly #bits: number;

	/** `expected`: about how many keys it will hold; `perShard`: about how many a shard holds then. */
	constructor(expected: number, perShard = 4096) {
		if (!(expected >= 0)) throw new Error(`invalid expected size; not a number ≥ 0: ${expected}`);
		if (!(perShard >= 1)) throw new Error(`invalid shard size; not a number ≥ 1: ${perShard}`);
		this.#bits = Math.min(16, Math.max(0, Math.ceil(Math.log2(expected / perShard))));
		this.#shards = Array.from({ length: 1 << this.#bits }, () => new Map<string, V>());
	}

	#shard(key: string): Map<string, V> {
		if (this.#bits === 0) return this.#shards[0];
		// FNV-1a over the key, mixed so that its top bits pick the shard.
		let h = 0x811c9dc5 | 0;
		for (let k = 0; k < key.length; k++) h = Math.imul(h ^ key.charCodeAt(k), 0x01000193);
		return this.#shards[Math.imul(h, 0x9e3779b1) >>> (32 - this.#bits)];
	}

	get(key: string): V | undefined {
		return this.#shard(key).get(key);
	}

	set(key: string, value: V): this {
		this.#shard(key).set(key, value);
		return this;
	}

	get size(): number {
		return this.#shards.reduce((n, s) => n + s.size, 0);
	}

	/** Every entry, shard by shard (not in the order set). */
	*[Symbol.iterator](): IterableIterator<[string, V]> {
		for (const shard of this.#shards) yield* shard;
	}
}
