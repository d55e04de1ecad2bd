import { expect, type Locator, type Page } from '@playwright/test';

/** The traced packet as it plays: the canvas overlay, the playback bar, the timeline, the detail and node views. */
export class PlaybackPanel {
  readonly marker: Locator;
  readonly label: Locator;
  readonly current: Locator;
  readonly natBadges: Locator;
  readonly drop: Locator;
  readonly play: Locator;
  readonly back: Locator;
  readonly forward: Locator;
  readonly first: Locator;
  readonly last: Locator;
  readonly speed: Locator;
  readonly loop: Locator;
  readonly position: Locator;
  readonly stacks: Locator;
  readonly timeline: Locator;
  readonly rows: Locator;
  readonly currentRow: Locator;
  readonly detail: Locator;
  readonly nodeView: Locator;
  readonly matchedLines: Locator;
  readonly capture: Locator;

  constructor(readonly page: Page) {
    this.marker = page.getByTestId('playback.marker');
    this.label = page.getByTestId('playback.label');
    this.current = page.getByTestId('canvas.current');
    this.natBadges = page.getByTestId('canvas.natBadge');
    this.drop = page.getByTestId('canvas.drop');
    this.play = page.getByTestId('playback.play');
    this.back = page.getByTestId('playback.back');
    this.forward = page.getByTestId('playback.forward');
    this.first = page.getByTestId('playback.first');
    this.last = page.getByTestId('playback.last');
    this.speed = page.getByTestId('playback.speed');
    this.loop = page.getByTestId('playback.loop');
    this.position = page.getByTestId('playback.position');
    this.stacks = page.getByTestId('playback.stacks');
    this.timeline = page.getByTestId('timeline');
    this.rows = this.timeline.getByTestId('timeline.hop');
    this.currentRow = this.timeline.locator('[data-testid="timeline.hop"][aria-current="step"]');
    this.detail = page.getByTestId('detail');
    this.nodeView = page.getByTestId('nodeview');
    this.matchedLines = this.nodeView.locator('[data-testid="nodeview.line"][data-matched]');
    this.capture = page.getByTestId('capture');
  }

  /** Stop the animation where it is (it starts by itself after a trace). */
  async pause() {
    // A trace that lands after the first look starts playing then: wait until one has landed (the packet on the
    // canvas, or its hops listed: drawn after the store started playing it), then look again until it stays paused.
    await expect(this.marker.or(this.rows).first()).toBeVisible();
    await expect(async () => {
      if ((await this.play.getAttribute('data-playing')) === 'true') await this.play.click();
      await expect(this.play).toHaveAttribute('data-playing', 'false', { timeout: 1000 });
    }).toPass();
  }

  /**
   * Pause with the space bar, as a person who sees the packet moving does. NOTE: only while it plays:
   * a short trace may have finished playing by now (on a busy machine surely), and space would play
   * it all again (the test then waited for the replay to end, seconds of its time budget).
   */
  async pauseWithSpace() {
    await expect(async () => {
      if ((await this.play.getAttribute('data-playing')) === 'true') await this.page.keyboard.press(' ');
      await expect(this.play).toHaveAttribute('data-playing', 'false', { timeout: 1000 });
    }).toPass();
  }

  /** The frame on show (0-based, request hops then reply hops). */
  async at(index: number) {
    await expect(this.marker).toHaveAttribute('data-index', String(index));
    await expect(this.currentRow).toHaveAttribute('data-index', String(index));
  }

  /** Jump to the first timeline row whose text matches, as a person clicking the timeline. */
  async jumpTo(text: string | RegExp, leg: 'request' | 'reply' = 'request') {
    const row = this.timeline.locator(`[data-testid="timeline.hop"][data-leg="${leg}"]`).filter({ hasText: text }).first();
    await row.click();
    return Number(await row.getAttribute('data-index'));
  }

  /** A node-view tab: routes, link, addr, nat, filter, ipvs, conntrack. */
  tab(id: 'routes' | 'link' | 'addr' | 'nat' | 'filter' | 'ipvs' | 'conntrack'): Locator {
    return this.nodeView.locator(`[data-testid="nodeview.tab"][data-tab="${id}"]`);
  }

  /** Where a capture would see this address. */
  captureOf(address: string): Locator {
    return this.capture.locator(`[data-testid="capture.group"][data-address="${address}"]`);
  }

  /**
   * Wait until what a person sees has stopped moving: the packet and its label (CSS transitions) and
   * the camera (React Flow's pan, a script-driven transition), the same on two looks in a row.
   */
  async settle() {
    let last = '';
    await expect
      .poll(
        async () => {
          const now = await this.page.evaluate(() => {
            // A pulse that loops for ever is left out.
            const moving = document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity).length;
            const camera = document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '';
            return `${moving} ${camera}`;
          });
          const still = now === last && now.startsWith('0 ');
          last = now;
          return still;
        },
        { intervals: [100] },
      )
      .toBe(true);
  }

  /** A screenshot once the marker, its label and the camera have stopped moving. */
  async shot(name: string) {
    await this.settle();
    await this.page.screenshot({ path: `test-results/screenshots/${name}.png` });
  }
}
