/** The deployment's preset (static/preset/ at build time), made into what an empty workspace starts with. */
import preset from 'virtual:checkup-preset';
import type { Dataset } from '../core/dataset';
import { localDate } from '../core/dates';
import { generateDemo } from '../core/demo';
import { readPreset } from '../core/preset';
import type { Scorecard } from '../core/scorecard';

/** What the preset files are, and how to fetch the CSV (tests pass their own). */
export interface PresetDeps {
	files?: typeof preset;
	fetchBytes?: (url: string) => Promise<Uint8Array>;
	now?: () => Date;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
	const response = await fetch(new URL(url, document.baseURI));
	if (!response.ok) throw new Error(`The team's preset data (${url}) could not be loaded: the server answered ${response.status}.`);
	return new Uint8Array(await response.arrayBuffer());
}

/** The deployment's preset loader, or undefined when it has none (the first open and a reset then use the demo). */
export function deploymentPreset(): ReturnType<typeof presetLoader> | undefined {
	return preset.scorecard === null ? undefined : presetLoader();
}

/**
 * The preset's dataset and scorecard (on the demo data when it has no CSV), or null when the deployment has no
 * preset. Throws with the reason when the preset cannot be used; the build refuses such a preset already.
 */
export function presetLoader(deps: PresetDeps = {}): () => Promise<{ dataset: Dataset; scorecard: Scorecard } | null> {
	const files = deps.files ?? preset;
	return async () => {
		if (files.scorecard === null) return null;
		const data = files.data ? await (deps.fetchBytes ?? fetchBytes)(files.data) : undefined;
		const now = (deps.now ?? (() => new Date()))();
		let demo: Dataset | null = null;
		const demoData = () => (demo ??= generateDemo());
		const read = readPreset(
			{ scorecard: files.scorecard, data, mapping: files.mapping ?? undefined },
			{ importedAt: now.toISOString(), asOf: localDate(now), demoColumns: () => Object.keys(demoData().table.columns) }
		);
		return { dataset: read.dataset ?? demoData(), scorecard: read.scorecard };
	};
}
