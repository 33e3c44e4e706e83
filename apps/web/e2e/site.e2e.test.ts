import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchChromium,
  recordCspViolations,
  screenshot,
  seriousAccessibilityViolations,
} from './browser';
import { startLocalStack, type LocalStack } from './local-stack';

// The exported site in Debian's Chromium, against the real API and worker on the local
// PostgreSQL, Redis and RabbitMQ, with the stand-in model. Every page visited is checked for
// Content-Security-Policy violations and serious accessibility findings, and photographed into
// reports/screenshots/.
jest.setTimeout(120_000);

let stack: LocalStack;
let browser: Browser;

const PUBLISHED = [
  {
    slug: 'harbour-lights',
    title: 'Harbour Lights',
    summary: 'A tide-table app for sailors.',
    body: '# What it does\n\nShows **tides** offline.\n\n- iOS\n- Android',
    tags: ['mobile'],
  },
  {
    slug: 'paper-trail',
    title: 'Paper Trail',
    summary: 'Receipts to ledger in one photo.',
    body: 'Built with `NestJS`.',
    tags: ['api', 'ocr'],
  },
];

beforeAll(async () => {
  stack = await startLocalStack();
  browser = await launchChromium();
  const token = await stack.ownerToken();
  for (const project of PUBLISHED) {
    const created = await fetch(`${stack.apiUrl}/projects`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        ...project,
        publishedAt: new Date(Date.now() - 60_000).toISOString(),
      }),
    });
    if (created.status !== 201)
      throw new Error(`seeding ${project.slug}: ${created.status} ${await created.text()}`);
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A fresh visitor (no cookies), at a phone's or a laptop's width. */
async function visitor(
  width = 1280,
): Promise<{ context: BrowserContext; page: Page; checks: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const violations = await recordCspViolations(page);
  return {
    context,
    page,
    async checks() {
      expect(await violations()).toEqual([]);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      // Nothing wider than the window: no sideways scrolling at 375 px.
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      ).toBe(true);
    },
  };
}

describe('a visitor', () => {
  it.each([375, 1280])(
    'sees the owner’s profile and the featured projects on the home page at %i px',
    async (width) => {
      const { context, page, checks } = await visitor(width);
      await page.goto(stack.siteUrl);
      await expect(page.locator('h1').textContent()).resolves.toBe('Skyport');
      await page.getByRole('link', { name: 'Paper Trail' }).waitFor();
      await expect(page.getByRole('link', { name: 'Harbour Lights' }).count()).resolves.toBe(1);
      await checks();
      await screenshot(page, `home-${width}`);
      await context.close();
    },
  );

  it('browses the projects and opens one by its address', async () => {
    const { context, page, checks } = await visitor();
    await page.goto(`${stack.siteUrl}/projects`);
    await page.getByRole('link', { name: 'Harbour Lights' }).waitFor();
    await checks();
    await screenshot(page, 'projects');
    await page.getByRole('link', { name: 'Harbour Lights' }).click();
    await page.waitForURL(`${stack.siteUrl}/projects/harbour-lights`);
    await page.getByRole('heading', { level: 1, name: 'Harbour Lights' }).waitFor();
    await expect(
      page.getByRole('heading', { level: 2, name: 'What it does' }).count(),
    ).resolves.toBe(1);
    await expect(page.title()).resolves.toBe('Harbour Lights · Skyport');
    await checks();
    await screenshot(page, 'project');
    await page.goto(`${stack.siteUrl}/projects/no-such-project`);
    await page.getByRole('heading', { level: 1, name: 'Project not found' }).waitFor();
    await context.close();
  });

  it('gets the 404 page, with status 404, at an unknown address', async () => {
    const { context, page, checks } = await visitor();
    const response = await page.goto(`${stack.siteUrl}/nothing-here`);
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
    await checks();
    await screenshot(page, 'not-found');
    await context.close();
  });

  it('sees the API’s message next to the field it names, then sends a message and gets a confirmation', async () => {
    const { context, page, checks } = await visitor(375);
    await page.goto(`${stack.siteUrl}/contact`);
    await page.getByLabel('Your name').fill('Grace Hopper');
    await page.getByLabel('E-mail address').fill('not-an-address');
    await page.getByLabel('Message').fill('Hello from the browser test.');
    await page.getByRole('button', { name: 'Send message' }).click();
    const email = page.getByLabel('E-mail address');
    await page.locator('#email-error').waitFor();
    await expect(page.locator('#email-error').textContent()).resolves.toBe(
      'Email must be an e-mail address',
    );
    await expect(email.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('email');
    await checks();
    await screenshot(page, 'contact-error');
    await email.fill('grace@example.com');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByRole('heading', { name: 'Thank you, your message is on its way' }).waitFor();
    await checks();
    await screenshot(page, 'contact-sent');
    await context.close();
  });

  it('chats with the assistant and sees the answer arrive as it streams', async () => {
    const { context, page, checks } = await visitor();
    await page.goto(`${stack.siteUrl}/assistant`);
    await page.getByLabel('Your question').fill('What have you built?');
    await page.getByRole('button', { name: 'Ask' }).click();
    // The stop button exists only while the answer streams in.
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    await page
      .getByText('The published projects I was told about are: Paper Trail, Harbour Lights.')
      .waitFor();
    await expect(page.getByRole('button', { name: 'Stop' }).count()).resolves.toBe(0);
    await checks();
    await screenshot(page, 'assistant');
    await context.close();
  });

  it('reads the API reference rendered from its OpenAPI document', async () => {
    const { context, page, checks } = await visitor();
    await page.goto(`${stack.siteUrl}/api-reference`);
    await page.getByRole('heading', { level: 2, name: 'projects' }).waitFor();
    await checks();
    await screenshot(page, 'api-reference');
    await context.close();
  });
});

describe('the owner', () => {
  it('signs in, creates and publishes a project that then shows on the public list, and reads the contact message', async () => {
    // Its own message, so this test stands alone.
    const sent = await fetch(`${stack.apiUrl}/contact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.77.0.2' },
      body: JSON.stringify({
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        message: 'A note for the owner.',
      }),
    });
    expect(sent.status).toBe(202);
    const { context, page, checks } = await visitor();
    await page.goto(`${stack.siteUrl}/login`);
    await page.getByLabel('E-mail address').fill(stack.ownerEmail);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Next's route announcer is an empty alert too: wait for the one that says what went wrong.
    await page
      .getByRole('alert')
      .filter({ hasText: /password is incorrect/i })
      .waitFor();
    await checks();
    await screenshot(page, 'login-error');
    await page.getByLabel('Password').fill(stack.ownerPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.siteUrl}/dashboard`);
    await page.getByText(`Signed in as ${stack.ownerEmail}`).waitFor();
    // The access token is in memory only; nothing of the session is in storage a script can read.
    await expect(
      page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]),
    ).resolves.toEqual([0, 0, '']);

    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByLabel('Title').fill('Night Train');
    await page.getByLabel('Slug').fill('Night Train');
    await page.getByLabel('Summary').fill('Timetables that fit in a pocket.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#slug-error').waitFor();
    await expect(page.locator('#slug-error').textContent()).resolves.toMatch(
      /^Slug must be lower-case letters and digits/,
    );
    await page.getByLabel('Slug').fill('night-train');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Created “Night Train” as a draft').waitFor();
    await page.getByRole('button', { name: 'Publish Night Train' }).click();
    await page.getByText('Published “Night Train”.').waitFor();
    await page.getByText('Ada Lovelace').waitFor();
    await page.getByText('A note for the owner.').waitFor();
    await checks();
    await screenshot(page, 'dashboard');

    // A reload keeps the session: the refresh cookie is traded for a new access token.
    await page.reload();
    await page.getByText(`Signed in as ${stack.ownerEmail}`).waitFor();

    const visitorPage = await context.newPage();
    await visitorPage.goto(`${stack.siteUrl}/projects`);
    await visitorPage.getByRole('link', { name: 'Night Train' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    await page.reload();
    await page.getByText('You are not signed in.').waitFor();
    await context.close();
  });
});
