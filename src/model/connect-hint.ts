import { message, type Message } from './message';
import type { ListKey } from './element-id';

/** What a drag from an element of `list` connects to, said when it is dropped where it does nothing. */
export function connectHint(list: ListKey): Message {
  if (list === 'services') return message('servicePicksPods');
  if (list === 'loadBalancers') return message('lbFrontsServices');
  if (list === 'routers') return message('routerPeersNodes');
  return message('cannotConnect');
}
