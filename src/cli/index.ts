/** Entry of the built command line (vite.cli.config.ts): runs main on process.argv and exits with its code. */
import { main } from './main';

// A reader that stops early (`checkup score … | head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
	if (err.code === 'EPIPE') process.exit(0);
	throw err;
});

const code = await main(process.argv.slice(2), {
	out: (text) => void process.stdout.write(text),
	err: (text) => void process.stderr.write(text)
});
// Let stdout drain before exiting (a large CSV piped to another program).
process.exitCode = code;
