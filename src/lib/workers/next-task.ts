/**
 * Lets the thread's other tasks run (the page's, or a worker's messages): resolves in a new task, from a
 * message to ourselves rather than setTimeout(0), which browsers stretch to 4 ms once nested (40 steps would
 * wait 160 ms for nothing).
 */
export function nextTask(): Promise<void> {
	if (typeof MessageChannel === 'undefined') return new Promise<void>((resolve) => setTimeout(resolve, 0));
	return new Promise<void>((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => {
			channel.port1.close();
			resolve();
		};
		channel.port2.postMessage(null);
	});
}
