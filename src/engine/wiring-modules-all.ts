// Every CNI module and the search of `all` (fork/lazy.ts), for Node (the CLI, tests, scripts), where loading them all
// costs nothing and keeps compile() and trace() synchronous.
import * as calico from './cni/calico';
import * as terway from './cni/terway';
import { provideWiringModules } from './wiring-modules';
import * as fork from './fork/module';
import { provideFork } from './fork/lazy';

provideWiringModules({ calico, terway });
provideFork(fork);
