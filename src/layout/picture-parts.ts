/**
 * What of a topology its picture is made of: the graph (buildGraph, buildFrame), its placement and its automatic
 * layout read these parts alone, and `layout`, which a request sends apart. An edit that keeps them — a kube-proxy
 * mode, a title, a policy — cannot move or change a box: a big document's place worker is not sent it again.
 */
import type { Topology } from '../model/topology';

const PICTURE_LISTS = ['nodes', 'pods', 'services', 'loadBalancers', 'externals', 'routers'] as const;

/** Whether `a` and `b` make the same picture but for their layouts (edits copy what they change: identities compared). */
export const samePicture = (a: Topology, b: Topology): boolean => PICTURE_LISTS.every((k) => a[k] === b[k]) && a.cluster.vpc.cidr === b.cluster.vpc.cidr;
