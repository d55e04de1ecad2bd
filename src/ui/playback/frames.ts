// The animation model is pure and shared with the renderer: it lives in src/layout.
export * from '../../layout/frames';
