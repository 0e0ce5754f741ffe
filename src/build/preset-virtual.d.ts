/** The deployment's preset, written by src/build/preset-plugin.ts at build time. */
declare module 'virtual:checkup-preset' {
	const preset: {
		/** The text of preset/scorecard.json, or null when the deployment has no preset. */
		scorecard: string | null;
		/** The text of preset/mapping.json, or null. */
		mapping: string | null;
		/** The URL of the preset's CSV relative to the app, or null when it has none. */
		data: string | null;
	};
	export default preset;
}
