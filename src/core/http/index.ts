/** The HTTP layer: what adapters need is closing the shared connection pools when they stop. */
export { closeSharedTransports } from './transport';
