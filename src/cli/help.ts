/** The help texts of the command line. */

export const COMMANDS = ['score'];

const READING = `Reading the data file (as the app's import does):
  --as-of <yyyy-mm-dd>        the snapshot date of every row when the file has no as-of column (default: today)
  --role "<column>=<role>"    give a column a role; repeat for more. Roles: id, name, segment, owner, arr,
                              asOf, outcome, churnDate, renewalDate, metric, ignore
  --type "<column>=<type>"    read a column as number, boolean (yes/no), category, date or text; repeat for more
  --date-format "<column>=mdy|dmy|iso"   how a date column writes its dates, when 03/04/2026 could be either
  --mapping <file.json>       a saved mapping: { "version": 1, "names": [...], "mapping": [...] }
  --duplicates first|last     keep this row when a customer ID is in a snapshot twice (default: stop with an error)`;

export const HELP = {
	main: `checkup: the Checkup health score from the command line, with the app's own code.

Usage:
  checkup score <data.csv> --scorecard <scorecard.json> [options] > scored.csv
  checkup <command> --help

Commands:
  score   score every customer of the latest snapshot with a scorecard file (exported on the Share page);
          writes CSV: customer, score, band, action, and each metric's sub-score and contribution

Exit codes: 0 done, 2 bad input or usage (the message says what and where), 1 an unexpected error.
`,
	score: `Usage: checkup score <data.csv> --scorecard <scorecard.json> [options]

Scores the latest snapshot of the file (all rows when it has one as-of date) the way the app does, and writes
scored customers as CSV to stdout (or --output). Text cells that a spreadsheet would run as a formula
(starting with = + - @, tab or carriage return) get a leading apostrophe.

  -s, --scorecard <file>      the scorecard file (required)
  -o, --output <file>         write the CSV to this file instead of stdout
${READING}
`
};
