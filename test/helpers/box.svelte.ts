/** A reactive holder for tests: state classes read `box.value` inside their effects and deriveds. */
export class Box<T> {
	value: T = $state.raw() as T;
	constructor(value: T) {
		this.value = value;
	}
}
