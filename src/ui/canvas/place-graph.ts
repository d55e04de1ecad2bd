// Placement is pure and shared with the renderer and the CLI: it lives in src/layout.
export * from '../../layout/place';
