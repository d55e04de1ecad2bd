import { expect, type Locator, type Page } from '@playwright/test';

/** The lesson library and the guided panel: prediction, score, find-the-fault, presenter mode. */
export class LessonPanel {
  readonly openLibrary: Locator;
  readonly library: Locator;
  readonly panel: Locator;
  readonly title: Locator;
  readonly narrative: Locator;
  readonly notices: Locator;
  readonly caption: Locator;
  readonly verdict: Locator;
  readonly source: Locator;
  readonly stacks: Locator;
  readonly submit: Locator;
  readonly reveal: Locator;
  readonly score: Locator;
  readonly scoreItems: Locator;
  readonly symptom: Locator;
  readonly element: Locator;
  readonly field: Locator;
  readonly check: Locator;
  readonly faultResult: Locator;
  readonly fix: Locator;
  readonly present: Locator;
  readonly presenter: Locator;
  readonly presenterTitle: Locator;
  readonly seen: Locator;
  readonly giveUp: Locator;
  readonly answer: Locator;
  readonly cause: Locator;
  readonly applyFix: Locator;
  readonly fixed: Locator;
  readonly hideAnswers: Locator;
  readonly presenterHideAnswers: Locator;

  constructor(readonly page: Page) {
    this.openLibrary = page.getByTestId('lessons.open');
    this.library = page.getByTestId('library');
    this.panel = page.getByTestId('lesson.panel');
    this.title = page.getByTestId('lesson.title');
    this.narrative = page.getByTestId('lesson.narrative');
    this.notices = page.getByTestId('lesson.notice');
    this.caption = page.getByTestId('lesson.caption');
    this.verdict = page.getByTestId('predict.verdict');
    this.source = page.getByTestId('predict.source');
    this.stacks = page.getByTestId('predict.stacks');
    this.submit = page.getByTestId('predict.submit');
    this.reveal = page.getByTestId('score.reveal');
    this.score = page.getByTestId('score');
    this.scoreItems = page.getByTestId('score.item');
    this.symptom = page.getByTestId('fault.symptom');
    this.element = page.getByTestId('fault.element');
    this.field = page.getByTestId('fault.field');
    this.check = page.getByTestId('fault.check');
    this.faultResult = page.getByTestId('fault.result');
    this.fix = page.getByTestId('fault.fix');
    this.present = page.getByTestId('lesson.present');
    this.presenter = page.getByTestId('presenter');
    this.presenterTitle = page.getByTestId('presenter.title');
    this.seen = page.getByTestId('fault.seen');
    this.giveUp = page.getByTestId('fault.giveUp');
    this.answer = page.getByTestId('fault.answer');
    this.cause = page.getByTestId('fault.cause');
    this.applyFix = page.getByTestId('fault.applyFix');
    this.fixed = page.getByTestId('fault.fixed');
    this.hideAnswers = page.getByTestId('lesson.hideAnswers');
    this.presenterHideAnswers = page.getByTestId('presenter.hideAnswers');
  }

  /** Open the library from the header and click lesson `id` (e.g. "a2", "d4"). */
  async open(id: string) {
    if (!(await this.library.isVisible())) await this.openLibrary.click();
    await expect(this.library).toBeVisible();
    await this.library.locator(`[data-testid="library.lesson"][data-lesson="${id}"]`).click();
    await expect(this.panel).toHaveAttribute('data-lesson', id);
  }

  /** Answer the three questions and lock them in (which plays the packet). */
  async predict(answer: { verdict: string; source: string; stacks: string }) {
    await this.verdict.selectOption(answer.verdict);
    await this.source.selectOption(answer.source);
    await this.stacks.selectOption(answer.stacks);
    await this.submit.click();
  }

  /** The score as { kind: right? }. */
  async scoreByKind(): Promise<Record<string, boolean>> {
    await expect(this.score).toBeVisible();
    const out: Record<string, boolean> = {};
    for (const item of await this.scoreItems.all()) out[(await item.getAttribute('data-kind'))!] = (await item.getAttribute('data-right')) === 'true';
    return out;
  }

  /** Point at the culprit: an element (its path prefix, e.g. "nodes[1]"), then the field (full path). */
  async pointAt(element: string, path: string) {
    await this.element.selectOption(element);
    await this.field.selectOption(path);
    await this.check.click();
  }
}
