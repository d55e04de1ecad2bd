// The full app's entry (src/boot.ts starts it): a `?generate=N` cluster's place worker starts generating it here,
// before main's code is downloaded and compiled (worker/place-start.ts), then main runs.
import { startGenerating } from './worker/place-start';

startGenerating(location.search);
void import('./main');
