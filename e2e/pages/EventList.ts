import { expect, type Locator, type Page } from '@playwright/test';

/** The event list (the timeline): filters, previous / next decision, full-width view, per-header before → after. */
export class EventList {
  readonly root: Locator;
  readonly rows: Locator;
  readonly current: Locator;
  readonly next: Locator;
  readonly prev: Locator;
  readonly wide: Locator;
  readonly count: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('events');
    this.rows = this.root.getByTestId('timeline.hop');
    this.current = this.root.locator('[data-testid="timeline.hop"][aria-current="step"]');
    this.next = page.getByTestId('events.next');
    this.prev = page.getByTestId('events.prev');
    this.wide = page.getByTestId('events.wide');
    this.count = page.getByTestId('events.count');
  }

  filter(name: 'all' | 'nat' | 'routing' | 'policy' | 'drop' | 'decision'): Locator {
    return this.root.locator(`[data-testid="events.filter"][data-filter="${name}"]`);
  }

  async show(name: 'all' | 'nat' | 'routing' | 'policy' | 'drop' | 'decision') {
    await this.filter(name).click();
    await expect(this.filter(name)).toHaveAttribute('aria-pressed', 'true');
  }

  /** The categories of every row on show, as listed in data-categories. */
  async categories(): Promise<string[][]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => (r.getAttribute('data-categories') ?? '').split(' ').filter(Boolean)));
  }

  async indexes(): Promise<number[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-index'))));
  }

  /**
   * Rows wholly inside the list's visible scroll area whose packet cells are not cut: no cell of the
   * packet column has text wider than its box, and no cell uses an ellipsis.
   */
  async readableRows(): Promise<number> {
    return this.root.evaluate((root) => {
      const box = root.closest('[data-scroll]')!.getBoundingClientRect();
      const view = { top: Math.max(box.top, 0), bottom: Math.min(box.bottom, window.innerHeight) };
      let n = 0;
      for (const row of Array.from(root.querySelectorAll('[data-testid="timeline.hop"]'))) {
        const r = row.getBoundingClientRect();
        if (r.top < view.top || r.bottom > view.bottom) continue;
        const cut = Array.from(row.querySelectorAll('[data-testid="timeline.header"]')).some((el) => {
          const style = getComputedStyle(el);
          return el.scrollWidth > el.clientWidth + 1 || style.textOverflow === 'ellipsis';
        });
        if (!cut) n++;
      }
      return n;
    });
  }
}
