/**
 * Named subsets of the UI catalogues' top-level sections (en.ts, zh.ts), for a page that draws only part of
 * the UI: `./en.ts?sections=embed` is en.ts with only those sections (scripts/catalogue-sections.ts
 * cuts the rest at build time; `section.key` keeps only that part of a section). The catalogues themselves stay one
 * per language.
 * (sections.test.ts checks that every section the embed's code names is listed.)
 */
export const SECTION_SETS = {
  /** What `?embed=1` draws: the canvas, the playback bar, the caption, and the messages they show. */
  embed: [
    'canvas',
    // Of the packet detail, the outer header's name (playback/encapsulation.ts words it).
    'detail.outer',
    'detail.outerVxlan',
    'detail.outerIpip',
    // Of the dock's, what the canvas's own controls say (the embed has no dock).
    'dock.zoomIn',
    'dock.zoomOut',
    'dock.fit',
    'dock.follow',
    'dock.followTitle',
    // The document library's section is the app's; an embed says only why a link's document is broken.
    'documents.note.brokenLink',
    'documents.link',
    'embed',
    'faults.badge',
    'faults.vpcDeleted',
    'keys.title',
    // Of the notices, what a request or the simulator can say (an embed never edits, imports or stores).
    'notices.noFrom',
    'notices.noTo',
    'notices.noPort',
    'notices.badPort',
    'notices.badUrl',
    'notices.httpNeedsTcp',
    'notices.badService',
    'notices.notDestination',
    'notices.notDestinationIcmp',
    'notices.traceDocInvalid',
    'notices.traceDocFailed',
    'notices.simulatorCrashed',
    'notices.simulatorTimedOut',
    'notices.simulatorStopped',
    'packet',
    'playback',
  ],
} as const satisfies Record<string, readonly string[]>;
