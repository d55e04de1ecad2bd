/**
 * What the UI tells the person (after an edit, about a request it cannot run), as a key of the UI's `notices` catalogue
 * (src/i18n) and the values it names: the UI words it in the reader's language.
 */
export const NOTICE_KEYS = [
  'podRuns',
  'podMoved',
  'podMovedWas',
  'readdressed',
  'readdressedSome',
  'dropPodOnNode',
  'addNodeFirst',
  'copied',
  'laidOut',
  'rewired',
  'rewiredProxy',
  'rewireRefused',
  'rewireFailed',
  'nothingToConnect',
  'otherNamespace',
  'selectsLabel',
  'labelledApp',
  'alreadySelects',
  'gotLabels',
  'behindLb',
  'behindLbRetyped',
  'alreadyPeers',
  'nowPeers',
  'cannotConnect',
  // A connection dropped where it does nothing: what its start connects to.
  'servicePicksPods',
  'lbFrontsServices',
  'routerPeersNodes',
  'changeCluster',
  // What a re-addressing cluster change will do, asked before it is made.
  'podIpsReassigned',
  'podBlocksReassigned',
  'podCidrRemoved',
  'enisRemoved',
  'modeBecomes',
  'clusterIpsReassigned',
  'nodeIpsOutside',
  // A request whose shape is wrong, before it reaches the engine.
  'noFrom',
  'noTo',
  'noPort',
  'badPort',
  'badUrl',
  'httpNeedsTcp',
  'badService',
  'notDestination',
  'notDestinationIcmp',
  // An image opened as a document that is not a Hopscope export.
  'pictureWithoutDocument',
  // A request refused because the document on screen cannot be traced as it is.
  'traceDocInvalid',
  'traceDocFailed',
  // The simulator's worker failed and was replaced.
  'simulatorCrashed',
  'simulatorTimedOut',
  'simulatorStopped',
  // The document on screen was replaced: where it is kept.
  'keptInDocuments',
] as const;
export type NoticeKey = (typeof NOTICE_KEYS)[number];

export interface Message {
  key: NoticeKey;
  params?: Record<string, string | number>;
}

export const message = (key: NoticeKey, params?: Message['params']): Message => (params ? { key, params } : { key });
