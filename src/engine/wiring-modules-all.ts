// Every CNI module, for Node (the CLI, tests, scripts), where loading them all costs nothing and keeps compile() synchronous.
import * as calico from './cni/calico';
import * as terway from './cni/terway';
import { provideWiringModules } from './wiring-modules';

provideWiringModules({ calico, terway });
