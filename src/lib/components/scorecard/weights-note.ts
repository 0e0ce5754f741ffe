import { createContext } from 'svelte';

/**
 * Where the Scorecard page says what is wrong with every weight at once (all weights 0): the id of that message
 * while there is one. Each metric's Weight field is marked invalid and points at it (aria-describedby); a context,
 * so the page's list of editors passes nothing more to each of them.
 */
export interface WeightsNote {
	readonly id: string | undefined;
}

export const [getWeightsNote, setWeightsNote, hasWeightsNote] = createContext<WeightsNote>();
