import { ackFlannelYaml } from './ack-flannel';

/** Built-in documents, by id. The app opens on the first. */
export const builtins: { id: string; title: string; yaml: string }[] = [
  { id: 'ack-flannel', title: 'ACK Flannel (VPC route) with IPVS', yaml: ackFlannelYaml },
];
