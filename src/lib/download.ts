/** Saving a file the app made: a download from a blob: URL, so nothing leaves the browser. */

/** Offers `blob` as a download named `fileName`. */
export function saveFile(blob: Blob, fileName: string): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.hidden = true;
	document.body.append(link);
	link.click();
	link.remove();
	// The download has started by the next task; the URL is then no longer needed.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A name safe on every file system, from a user's label: letters, digits, '-' and '_' only. */
export function fileNameOf(label: string, fallback = 'checkup'): string {
	const name = label.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
	return name.slice(0, 60) || fallback;
}
