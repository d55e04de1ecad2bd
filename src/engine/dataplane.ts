// placeholder, replaced by the engine author
export interface Dataplane { topology: unknown }
