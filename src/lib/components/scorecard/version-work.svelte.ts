/**
 * Whether a version is being saved or reverted to. Saving (DraftPanel, at the top of the Scorecard page) and
 * reverting (VersionPanel, after the bands) each turn the other's buttons off while one runs: two writes of the
 * scorecard set at once would race.
 */
export const versionWork = $state({ busy: false });
