/** Well-formed texts (with their delimiter and line break) that tokenize reads itself, as papaparse does: shared by the tests of both readers. */
import type { LineBreak } from '../../../src/lib/core/csv/tokenize';

export const WELL_FORMED: readonly [string, string, LineBreak][] = [
	['a,b\n1,2\n', ',', '\n'],
	['a,b\n1,2', ',', '\n'],
	['a,b\r\n"x, y","he said ""hi"""\r\n\r\n3,\r\n', ',', '\r\n'],
	['"multi\nline",2\n"",""\n', ',', '\n'],
	['a;b\r1,5;2\r', ';', '\r'],
	['a\tb\n"q"\t\n', '\t', '\n'],
	['a|b\n|\n', '|', '\n'],
	['a,b\r\nlone\rcr,x\nlf\r\n', ',', '\r\n'],
	['mid"quote,x\n', ',', '\n'],
	['"a"', ',', '\n'],
	['"a",', ',', '\n'],
	['"a"\n', ',', '\n'],
	[',,,\n\n', ',', '\n']
];
