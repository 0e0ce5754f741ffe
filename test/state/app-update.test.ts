/** Switching to a new build: pending edits are saved first, and a failed save stops the reload instead of losing them. */
import { describe, expect, it } from 'vitest';
import { AppUpdate } from '../../src/lib/state/app-update.svelte';

const registration = {} as ServiceWorkerRegistration;

describe('AppUpdate', () => {
	it('saves pending edits, then switches', async () => {
		const calls: string[] = [];
		const update = new AppUpdate({ flush: async () => void calls.push('flush'), switchTo: () => void calls.push('switch') });
		update.found(registration);
		await update.apply();
		expect(calls).toEqual(['flush', 'switch']);
		expect(update.error).toBeNull();
	});
	it('does not reload when the edits could not be saved, says why, and can be tried again', async () => {
		const calls: string[] = [];
		let full = true;
		const update = new AppUpdate({
			flush: async () => {
				if (full) throw new Error('The disk is full');
			},
			switchTo: () => void calls.push('switch')
		});
		update.found(registration);
		await update.apply();
		expect(calls).toEqual([]);
		expect(update.switching).toBe(false);
		expect(update.error).toBe('Your latest changes could not be saved (The disk is full), so Checkup did not reload. Free some space or try again.');
		full = false;
		await update.apply();
		expect(calls).toEqual(['switch']);
		expect(update.error).toBeNull();
	});
});
