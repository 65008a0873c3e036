/** Runs at most `concurrency` async jobs at a time (a dependency-free p-limit). */
export function createLimiter(concurrency: number): <T>(job: () => Promise<T>) => Promise<T> {
	const max = Math.max(1, Math.floor(concurrency) || 1);
	let active = 0;
	const queue: Array<() => void> = [];
	const release = () => {
		active--;
		queue.shift()?.();
	};
	return async <T>(job: () => Promise<T>): Promise<T> => {
		if (active >= max) await new Promise<void>((resolve) => queue.push(resolve));
		active++;
		try {
			return await job();
		} finally {
			release();
		}
	};
}
