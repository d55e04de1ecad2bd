import type { Page } from '@playwright/test';

/** A page of the preview server's own origin holding the embed in an 800×500 iframe, as a docs page would. */
export async function framed(page: Page, query: string) {
  await page.goto('/embed-example.html');
  await page.evaluate((src) => {
    document.body.innerHTML = '';
    const f = document.createElement('iframe');
    f.id = 'under-test';
    f.src = src;
    f.style.cssText = 'width:800px;height:500px;border:1px solid #999';
    document.body.appendChild(f);
  }, `/?embed=1&${query}`);
  return page.frameLocator('#under-test');
}
