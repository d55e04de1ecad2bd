// Pure, shared with the renderer: it lives in src/layout.
export * from '../../layout/marks';
