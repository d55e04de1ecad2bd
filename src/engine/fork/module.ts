// What `choice: {all: true}` loads (lazy.ts): the search and the classes its choice points ask for.
export { traceAll, startSearch } from './search';
export { endpointClassesAt } from './endpoint-classes';
export { nexthopClassesAt, slbBackendClasses } from './classes';
