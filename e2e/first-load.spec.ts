import { expect, test } from './fixtures/test';

// What the first frame waits for is asked for as the page starts, not one download after another.
test.describe('The first load', () => {
  test("asks for the editor's code beside the app's start, before that has been downloaded", async ({ app, page }) => {
    const events: string[] = [];
    const chunk = (url: string) => /\/assets\/(main|App)-[\w-]+\.js$/.exec(url)?.[1];
    page.on('request', (r) => {
      const c = chunk(r.url());
      if (c) events.push(`${c} asked`);
    });
    page.on('requestfinished', (r) => {
      const c = chunk(r.url());
      if (c) events.push(`${c} in`);
    });
    await app.open();
    await expect(app.page.getByTestId('doc.title')).toContainText('ACK Flannel');
    expect(events.indexOf('App asked')).toBeGreaterThan(-1);
    expect(events.indexOf('App asked')).toBeLessThan(events.indexOf('main in'));
  });
});
