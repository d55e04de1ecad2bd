// Pure, shared with the renderer (fault warnings in pictures): it lives in src/layout.
export * from '../../layout/faults';
export * from '../../layout/fault-offers';
