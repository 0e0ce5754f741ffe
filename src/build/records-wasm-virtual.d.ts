/** The CSV reader's WebAssembly, compiled by src/build/wasm-plugin.ts at build time. */
declare module 'virtual:csv-records-wasm' {
	/** The binary, in base64. */
	const binary: string;
	export default binary;
}
