/**
 * Lessons that teach: a find-the-fault lesson names or marks nothing of its fault until the
 * learner answers or gives up (checked on the visible text and on the whole DOM, attributes
 * included), then shows the cause and the fix, and the fix heals the cluster. Every fault lesson
 * of lessons.ts runs. The causes are the engine's own words for the broken cluster, computed here.
 */
import type { Page } from '@playwright/test';
import { parse } from 'yaml';
import { compile, trace } from '../src/engine';
import { rewritesOf, validateTopology } from '../src/model';
import { builtins } from '../src/scenarios';
import { applyEdits, faultLessons, type FaultLesson } from '../src/scenarios/lessons';
import { nodeFaults, vpcFaults } from '../src/ui/faults/faults';
import { expect, test } from './fixtures/teach';

const shot = (name: string) => `e2e/screenshots/hidden-${name}.png`;

/** What would give the answer away: the engine's cause, the fix, the fault marks and their labels. */
function giveaways(f: FaultLesson) {
  const raw = parse(builtins.find((b) => b.id === f.doc)!.yaml) as Record<string, unknown>;
  const doc = applyEdits(raw, f.fault) as { nodes?: Record<string, unknown>[] };
  const v = validateTopology(doc);
  if (!v.ok) throw new Error(`${f.id}: invalid`);
  const t = trace(compile(v.topology), f.request);
  const hops = [...t.hops, ...(t.reply?.hops ?? [])];
  const labels = [...(doc.nodes ?? []).flatMap((n) => nodeFaults(n).map((x) => x.label)), ...vpcFaults(doc as never)];
  const rewrites = hops.flatMap(rewritesOf).filter((r) => r.type === 'SNAT' || r.type === 'MASQUERADE');
  const strings = [
    f.answer.fix.en,
    ...(t.reason ? [t.reason] : []),
    ...hops.flatMap((h) => (h.drop ? [h.drop.reason] : [])),
    ...labels,
    ...rewrites.map((r) => `${r.type} ${r.from} → ${r.to}`),
    '⚠',
    'sysctl -w',
  ];
  return { strings, trace: t, labels };
}

/** Every text and attribute value in the document, visible or not, and every form field's value. */
async function wholeDom(page: Page) {
  return page.evaluate(() => {
    const attrs = Array.from(document.querySelectorAll('*')).flatMap((el) => Array.from(el.attributes).map((a) => a.value));
    const values = Array.from(document.querySelectorAll('input, select, textarea')).map((el) => (el as HTMLInputElement).value);
    return { text: document.body.innerText, all: [document.documentElement.textContent ?? '', ...attrs, ...values].join('\n') };
  });
}

async function expectNothingGivenAway(page: Page, strings: string[], where: string) {
  const dom = await wholeDom(page);
  for (const s of strings) {
    expect(dom.text, `${where}: visible text names "${s}"`).not.toContain(s);
    expect(dom.all, `${where}: the DOM names "${s}"`).not.toContain(s);
  }
  await expect(page.getByTestId('canvas.fault')).toHaveCount(0);
  await expect(page.getByTestId('fault.fix')).toHaveCount(0);
  await expect(page.getByTestId('fault.cause')).toHaveCount(0);
}

const nodeIndexes = (f: FaultLesson) => [
  ...new Set(
    f.fault
      .map((e) => /^nodes\[(\d+)\]/.exec(e.path)?.[1])
      .filter((x): x is string => !!x)
      .map(Number),
  ),
];

test.describe('Find-the-fault lessons hide the answer until it is earned', () => {
  for (const [i, f] of faultLessons.entries()) {
    test(`${f.id} (${f.row}): no mark, cause or fix until answered; then the cause, the fix, and the fix traced again`, async ({
      app,
      lessons,
      playback,
      editor,
      page,
    }) => {
      // Every hop of the trace and of the fixed one, each with a scan of the whole DOM: on a busy machine, past 30 s.
      test.slow();
      const { strings, trace: broken, labels } = giveaways(f);
      await app.open();
      await lessons.open(f.id);
      await expect(app.verdict).toHaveAttribute('data-verdict', broken.verdict);
      await expect(lessons.seen).toBeVisible();
      await expect(app.reason).toBeVisible();
      await expectNothingGivenAway(page, strings, 'on open');

      // The faulted nodes in the inspector: their Break it section says it is hidden; the Cluster tab too.
      const topo = validateTopology(applyEdits(parse(builtins.find((b) => b.id === f.doc)!.yaml) as Record<string, unknown>, f.fault));
      if (!topo.ok) throw new Error('invalid');
      for (const n of nodeIndexes(f)) {
        const name = topo.topology.nodes[n]!.name;
        await editor.element(`node:${name}`).getByText(name, { exact: true }).first().click();
        await expect(page.getByTestId('faults')).toHaveAttribute('data-hidden', 'true');
        await expectNothingGivenAway(page, strings, `inspector of ${name}`);
      }
      await editor.tab('cluster');
      await expect(page.getByTestId('vpc.faults')).toHaveAttribute('data-hidden', 'true');
      await editor.tab('problems');
      await expectNothingGivenAway(page, strings, 'cluster and problems tabs');

      // Every hop, stepped with the keyboard: the caption, the packet detail and the canvas follow it.
      // (Nothing selected first, as a person clears a selection. The camera may still be gliding to the
      // last node clicked, so the empty corner is clicked again until the click lands on the pane.)
      await expect(async () => {
        await editor.pane.click({ position: { x: 8, y: 8 } });
        await expect(page.locator('.react-flow__node.selected')).toHaveCount(0, { timeout: 1000 });
      }).toPass();
      await playback.pauseWithSpace();
      await playback.first.click();
      const total = Number(/\/ (\d+)/.exec((await playback.position.textContent()) ?? '')?.[1]);
      expect(total).toBeGreaterThan(1);
      for (let k = 1; k < total; k++) {
        await page.keyboard.press('ArrowRight');
        await expect(playback.position).toContainText(`hop ${k + 1} /`);
        await expectNothingGivenAway(page, strings, `hop ${k + 1}`);
      }
      if (i === 0) {
        await page.screenshot({ path: shot(`${f.id}-hidden-1440`) });
        await page.setViewportSize({ width: 1024, height: 768 });
        await page.screenshot({ path: shot(`${f.id}-hidden-1024`) });
        await page.setViewportSize({ width: 1440, height: 900 });
      }

      // A wrong guess keeps it hidden.
      await lessons.pointAt('cluster', 'cluster.kubeProxy.mode');
      await expect(lessons.faultResult).toHaveAttribute('data-correct', 'false');
      await expectNothingGivenAway(page, strings, 'after a wrong guess');

      // Half find it, half give up: either way the answer shows.
      if (i % 2 === 0) {
        await lessons.pointAt(f.answer.path.replace(/^(nodes\[\d+\]|cluster)\..*$/, '$1'), f.answer.path);
        await expect(lessons.faultResult).toHaveAttribute('data-correct', 'true');
      } else {
        await lessons.giveUp.click();
        await expect(lessons.answer).toContainText(f.answer.path);
      }
      await expect(lessons.fix).toContainText(f.answer.fix.en);
      await expect(lessons.cause).toBeVisible();
      if (broken.reason) await expect(app.reason).toHaveText(broken.reason);
      if (labels.length) await expect(page.getByTestId('canvas.fault').first()).toBeVisible();
      await expect(lessons.seen).toHaveCount(0);
      await page.screenshot({ path: shot(`${f.id}-answered`) });
      if (i === 0) {
        await page.setViewportSize({ width: 1024, height: 768 });
        await page.screenshot({ path: shot(`${f.id}-answered-1024`) });
        await page.setViewportSize({ width: 1440, height: 900 });
      }

      // Fix it and trace again: delivered (and, for a stray SNAT, the client's own address).
      await lessons.applyFix.click();
      await expect(lessons.fixed).toContainText('delivered');
      await expect(app.verdict).toHaveAttribute('data-verdict', 'delivered');
      await expect(page.getByTestId('trace.sourceSeen')).toHaveText(broken.hops[0]!.packet.src.replace(/:\d+$/, ''));
      if (i === 0) await page.screenshot({ path: shot(`${f.id}-fixed`) });
    });
  }
});

test.describe('Hide answers', () => {
  test('a prediction lesson hides its verdict, facts, notices and the hops ahead until revealed', async ({ app, lessons, playback, page }) => {
    await app.open();
    await lessons.open('a5');
    await expect(lessons.hideAnswers).toBeChecked();
    await page.getByTestId('predict.skip').click();
    await expect(page.getByTestId('trace.outcomeHidden')).toBeVisible();
    await playback.pauseWithSpace();
    await expect(app.verdict).toHaveCount(0);
    await expect(page.getByTestId('trace.sourceSeen')).toHaveCount(0);
    await expect(lessons.notices).toHaveCount(0);
    const frame = Number(/hop (\d+)/.exec((await playback.position.textContent()) ?? '')?.[1]);
    await expect(page.locator('[data-testid="timeline.hop"]')).toHaveCount(frame);
    // The canvas draws only the way so far, and the stacks counter has no total.
    await expect(page.getByTestId('canvas.hop')).toHaveCount(frame);
    await expect(page.getByTestId('playback').getByText('/ 3', { exact: true })).toHaveCount(0);
    // Neither the capture points nor conntrack tell where it lands before the reveal.
    const backend = page.locator('[data-testid="capture.group"][data-address="172.23.96.163"]');
    await expect(backend).toHaveCount(0);
    await expect(page.getByTestId('trace.conntrack')).toHaveCount(0);
    const dom = await wholeDom(page);
    expect(dom.all).not.toContain('client IP is lost');
    await page.screenshot({ path: shot('predict-hidden') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: shot('predict-hidden-1024') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('trace.revealOutcome').click();
    await expect(app.verdict).toHaveAttribute('data-verdict', 'delivered');
    await expect(lessons.notices).toHaveCount(2);
    expect(await page.locator('[data-testid="timeline.hop"]').count()).toBeGreaterThan(frame);
    await expect(backend).toHaveCount(1);
    expect(await page.getByTestId('canvas.hop').count()).toBeGreaterThan(frame);
    await expect(page.getByTestId('trace.conntrack')).toBeVisible();
  });

  test('presenter mode: the switch shows the answers, and hides them again', async ({ lessons, app, page }) => {
    await app.open();
    await lessons.open('d4');
    await lessons.present.click();
    await expect(lessons.presenter).toBeVisible();
    await expect(lessons.presenterHideAnswers).toBeChecked();
    await expect(page.getByTestId('canvas.fault')).toHaveCount(0);
    await expect(lessons.fix).toHaveCount(0);
    await page.screenshot({ path: shot('presenter-hidden-1440') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: shot('presenter-hidden-1024') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await lessons.presenterHideAnswers.click();
    await expect(lessons.presenterHideAnswers).not.toBeChecked();
    await expect(page.getByTestId('canvas.fault')).toHaveText(/ip_forward=0/);
    await expect(lessons.fix).toContainText('sysctl -w net.ipv4.ip_forward=1');
    await expect(lessons.cause).toContainText('ip_forward=0');
    await page.screenshot({ path: shot('presenter-shown') });
    await lessons.presenterHideAnswers.click();
    await expect(page.getByTestId('canvas.fault')).toHaveCount(0);
    await expect(lessons.fix).toHaveCount(0);
    // Keys still drive the presenter: N opens the next lesson, answers hidden there too.
    await lessons.presenterTitle.click();
    await page.keyboard.press('n');
    await expect(lessons.presenterTitle).toHaveText(faultLessons[2]!.title.en);
    await expect(lessons.presenterHideAnswers).toBeChecked();
    await expect(lessons.fix).toHaveCount(0);
  });

  test('presenter mode, a prediction lesson: the outcome waits for the reveal, or shows at once with the switch off', async ({
    app,
    lessons,
    playback,
    page,
  }) => {
    await app.open();
    await lessons.open('a5');
    await lessons.present.click();
    await expect(lessons.presenter).toBeVisible();
    await page.getByTestId('predict.skip').click();
    const hidden = lessons.presenter.getByTestId('trace.outcomeHidden');
    await expect(hidden).toBeVisible();
    await lessons.presenterTitle.click();
    await playback.pauseWithSpace();
    await expect(lessons.presenter.getByText('The node masquerades: the client IP is lost.')).toHaveCount(0);
    await page.screenshot({ path: shot('presenter-predict-hidden') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: shot('presenter-predict-hidden-1024') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await hidden.getByTestId('trace.revealOutcome').click();
    await expect(lessons.presenter.getByText('The node masquerades: the client IP is lost.')).toBeVisible();
    // The next lesson, with the switch off: nothing waits.
    await lessons.presenterHideAnswers.click();
    await lessons.presenterTitle.click();
    await page.keyboard.press('n');
    await expect(lessons.presenterTitle).toHaveText('KUBE-SERVICES → KUBE-SVC → KUBE-SEP');
    await page.getByTestId('predict.skip').click();
    await expect(lessons.presenter.getByText('Two endpoints, 0.5 each.')).toBeVisible();
    await expect(lessons.presenter.getByTestId('trace.outcomeHidden')).toHaveCount(0);
  });

  test('in Chinese: the symptom and the switch are worded in Chinese', async ({ app, lessons, page }) => {
    await app.open();
    await page.getByTestId('prefs.language').selectOption('zh');
    await expect(app.run).toHaveText('追踪');
    await lessons.open('d4');
    await expect(lessons.seen).toContainText('没有回应');
    await expect(lessons.giveUp).toHaveText('放弃：显示答案');
    await expect(page.getByText('隐藏答案').first()).toBeVisible();
    await page.screenshot({ path: shot('chinese') });
  });
});
