import { Component, Suspense, type ReactNode } from 'react';
import { loadFailure } from './load-failure';

interface Props {
  children: ReactNode;
  /** Drawn in the part's place when its code could not be loaded (nothing by default: the app's banner says it). */
  failed?: ReactNode;
}

/**
 * A part whose code loads when first drawn (`React.lazy`): nothing while it loads, and when it cannot be loaded, the
 * rest of the page stays (React would otherwise unmount the whole app). Any other error is thrown on, as before.
 */
export class LazyPart extends Component<Props, { error: unknown }> {
  state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  render() {
    const { error } = this.state;
    if (error === null) return <Suspense fallback={null}>{this.props.children}</Suspense>;
    // (A failed dynamic import has been said by `vite:preloadError` before React sees its error.)
    if (loadFailure() === null) throw error;
    return this.props.failed ?? null;
  }
}
