/** One in-memory DuckDB per test file, opened before its tests and closed after: the SQL export's reference engine. */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll } from 'vitest';

/** Registers the file's hooks; the returned function gives the connection inside tests. */
export function duckDbPerFile(): () => DuckDBConnection {
	let instance: DuckDBInstance | undefined;
	let connection: DuckDBConnection | undefined;
	beforeAll(async () => {
		instance = await DuckDBInstance.create(':memory:');
		connection = await instance.connect();
	});
	afterAll(() => {
		connection?.closeSync();
		instance?.closeSync();
	});
	return () => {
		if (!connection) throw new Error('DuckDB is opened in beforeAll: use it inside a test.');
		return connection;
	};
}
