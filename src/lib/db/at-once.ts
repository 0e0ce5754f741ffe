/** Writes a page being closed can still make. */
import type { CheckupDatabase } from './schema';

/**
 * Stores a setting in one request, begun now and committed without waiting for an answer: once a page is closed
 * its JavaScript gets no more answers, so a write that reads first (every Dexie transaction here) never lands,
 * while this one does (Chromium, a tab closed). `value` must be plain data. False when it could not be begun
 * (the database not open).
 */
export function putSettingAtOnce(db: CheckupDatabase, key: string, value: unknown): boolean {
	if (!db.isOpen()) return false;
	try {
		const transaction = db.backendDB().transaction(['settings'], 'readwrite');
		transaction.objectStore('settings').put({ key, value });
		transaction.commit();
		return true;
	} catch {
		return false;
	}
}
