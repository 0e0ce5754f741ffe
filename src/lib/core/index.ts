export * from './table';
export * from './dataset';
export * from './scorecard';
export * from './stats';
export * from './normalize';
export * from './check';
export * from './score';
export * from './propose';
