/** The help texts of the command line. */

export const COMMANDS = ['score', 'train'];

const READING = `Reading the data file (as the app's import does):
  --as-of <yyyy-mm-dd>        the snapshot date of every row when the file has no as-of column (default: today)
  --role "<column>=<role>"    give a column a role; repeat for more. Roles: id, name, segment, owner, arr,
                              asOf, outcome, churnDate, renewalDate, metric, ignore
  --type "<column>=<type>"    read a column as number, boolean (yes/no), category, date or text; repeat for more
  --date-format "<column>=mdy|dmy|iso"   how a date column writes its dates, when 03/04/2026 could be either
  --mapping <file.json>       a saved mapping: { "version": 1, "names": [...], "mapping": [...] }, or a list of
                              { "index", "name", "type", "role" } matched to the columns by name
  --duplicates first|last     keep this row when a customer ID is in a snapshot twice (default: stop with an error)`;

export const HELP = {
	main: `checkup: the Checkup health score from the command line, with the app's own code.

Usage:
  checkup score <data.csv> --scorecard <scorecard.json> [options] > scored.csv
  checkup train <data.csv> --outcome <column> [--json] [options]
  checkup <command> --help

Commands:
  score   score every customer of the latest snapshot with a scorecard file (exported on the Share page);
          writes the CSV of the app's customer export: ID, name, score, band, recommended action, segment,
          owner, ARR, scorecard, overridden, and each metric's sub-score and contribution
  train   learn which metrics predict churn, as the Learn page does: suggested weights, out-of-fold AUCs,
          calibration and drivers (logistic regression on the tfjs wasm backend)

Exit codes: 0 done, 2 bad input or usage (the message says what and where), 1 an unexpected error.
`,
	score: `Usage: checkup score <data.csv> --scorecard <scorecard.json> [options]

Scores the latest snapshot of the file (all rows when it has one as-of date) the way the app does, and writes
scored customers as CSV to stdout (or --output). A scorecard file with segment scorecards scores each customer
with its segment's scorecard (else the default), each segment ranked within itself, as the app does; the CSV
then says which scorecard scored each customer. Text cells that a spreadsheet would run as a formula
(starting with = + - @, also after spaces or quotes, or with a tab, carriage return or NUL) get a leading
apostrophe.

  -s, --scorecard <file>      the scorecard file (required)
  -o, --output <file>         write the CSV to this file instead of stdout
${READING}
`,
	train: `Usage: checkup train <data.csv> --outcome <column> [options]

Does what the Learn page does: one row per customer with a known outcome (metrics taken --horizon days
before it when the file has snapshots), a logistic model of the scorecard's sub-scores (suggested weights),
k-fold out-of-fold AUCs with bootstrap intervals and DeLong's test, calibration, and a drivers model of every
column. Prints a summary, or everything as JSON with --json.

  --outcome <column>          the yes/no column saying whether the customer churned (required)
  -s, --scorecard <file>      the scorecard whose sub-scores are learned from (default: the one Checkup
                              makes when this file is imported)
  --json                      print the whole report as JSON (NaN, no estimate, as null)
  --horizon <days>            days between the snapshot learned from and the outcome (default 90)
  --C <number>                inverse regularization strength, as scikit-learn's C (default 1)
  --folds <k>                 folds of the cross-validation (default 5)
  --seed <n>                  seed of the folds and the bootstrap (default 1)
  --resamples <n>             bootstrap resamples of the AUC intervals (default 1000)
  -o, --output <file>         write the report to this file instead of stdout
${READING}
`
};
