// The dashboard in a real browser (Debian's chromium, driven by playwright-core). Run by DashboardBrowserTest, which
// starts the gateway, makes the account and its keys, and passes them in the environment. Exits non-zero on the first
// failed check; screenshots go to SHOTS.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error("missing " + name);
  }
  return value;
};
const BASE = env("BASE_URL");
const SHOTS = env("SHOTS");
const expected = JSON.parse(env("EXPECTED"));
fs.mkdirSync(SHOTS, { recursive: true });

function check(condition, what) {
  if (!condition) {
    throw new Error("check failed: " + what);
  }
  console.log("ok - " + what);
}

async function signIn(browser, key) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.on("dialog", (dialog) => dialog.dismiss());
  await page.goto(BASE + "/dashboard/sign-in");
  await page.getByLabel("API key of a company admin or an office admin").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/dashboard/overview");
  return page;
}

async function noScriptRan(page, where) {
  const pwned = await page.evaluate(() => window.__pwned);
  check(pwned === undefined, "no injected script ran on " + where);
  const images = await page.locator("img").count();
  check(images === 0, "no injected image element on " + where);
}

const browser = await chromium.launch({ executablePath: env("CHROMIUM"), headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
try {
  // company admin: overview
  const page = await signIn(browser, env("COMPANY_KEY"));
  await page.waitForSelector("#spend-chart canvas", { timeout: 10000 });
  check(await page.locator("#spend-chart canvas").count() === 1, "the spend graph is drawn");
  check((await page.locator("#account-name").textContent()) === expected.name,
    "the account's hostile name shows literally");
  check((await page.locator("#products-h + table").textContent()).includes(expected.product),
    "the hostile product shows literally");
  check((await page.locator("#anomaly-cause").textContent()).includes(expected.product),
    "the anomaly banner names its cause literally");
  await noScriptRan(page, "the overview");
  await page.screenshot({ path: path.join(SHOTS, "overview.png"), fullPage: true });

  // hovering a day with spend shows the total; the period buttons swap the graph
  const box = await page.locator("#spend-chart .u-over").boundingBox();
  for (let x = 1; x < box.width; x += 3) {
    await page.mouse.move(box.x + x, box.y + box.height / 2);
    if ((await page.locator("#spend-hover").textContent()) !== "") {
      break;
    }
  }
  check((await page.locator("#spend-hover").textContent()).includes("credits so far"),
    "hovering a day with spend shows its total");
  await page.getByRole("button", { name: "quarter" }).click();
  await page.waitForSelector("#spend-chart[data-period=quarter] canvas");
  check(true, "the quarter graph replaces the month");

  // dismissing the banner (htmx, with the session's CSRF token)
  await page.getByRole("button", { name: "Dismiss" }).click();
  await page.waitForSelector("#anomaly", { state: "detached" });
  await page.reload();
  check(await page.locator("#anomaly").count() === 0, "a dismissed anomaly stays dismissed");

  // a form without its CSRF token is refused
  const refused = await page.evaluate(async () =>
    (await fetch("/dashboard/alerts/x/dismiss", { method: "POST" })).status);
  check(refused === 403, "a post without the CSRF token is refused (" + refused + ")");

  // usage: filter, page, export
  await page.getByRole("link", { name: "Usage" }).click();
  await page.waitForSelector("#usage-rows tr");
  await noScriptRan(page, "the usage page");
  check((await page.locator("#usage-rows").textContent()).includes(expected.title), "the hostile title shows literally");
  await page.screenshot({ path: path.join(SHOTS, "usage.png"), fullPage: true });
  await page.getByLabel("Product").fill("newsletter");
  await page.getByRole("button", { name: "Filter" }).click();
  // the page's CSP forbids eval, so wait by locator (waitForFunction evaluates a string)
  await page.locator("#usage-rows td.title", { hasText: "__pwned" }).waitFor({ state: "detached" });
  const products = await page.locator("#usage-rows td.product").allTextContents();
  check(products.length > 0 && products.every((p) => p === "newsletter"), "the product filter keeps its rows only");
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-csv").click()]);
  const file = await download.path();
  const csv = fs.readFileSync(file, "utf8");
  check(csv.includes(expected.product) && csv.includes("newsletter"), "the CSV export holds the rows");
  fs.copyFileSync(file, path.join(SHOTS, "usage-export.csv"));

  // credits, alerts: a reservation crossing a threshold appears without reload
  await page.getByRole("link", { name: "Credits" }).click();
  await page.waitForSelector("#wallets-h");
  await noScriptRan(page, "the credits page");
  await page.screenshot({ path: path.join(SHOTS, "credits.png"), fullPage: true });
  await page.getByRole("link", { name: "Alerts" }).click();
  await page.waitForSelector("#alert-table");
  check(!(await page.locator("#alert-table").textContent()).includes("low-balance"), "no low-balance alert yet");
  const crossed = await fetch(BASE + "/v1/reservations", { method: "POST",
    headers: { "Authorization": "Bearer " + env("OPERATOR_KEY"), "Content-Type": "application/json" },
    body: env("RESERVATION") });
  check(crossed.status === 201, "the reservation is made (" + crossed.status + ")");
  await page.locator("#alert-table td", { hasText: "low-balance" }).first().waitFor({ timeout: 20000 });
  check(true, "the low-balance alert appears without reload");
  await noScriptRan(page, "the alerts page");
  await page.screenshot({ path: path.join(SHOTS, "alerts.png"), fullPage: true });

  // office admin: its offices only, whatever the URL says
  const office = await signIn(browser, env("OFFICE_KEY"));
  await noScriptRan(office, "the office admin's overview");
  check((await office.locator("#offices").textContent()) === expected.office, "the office's hostile name shows literally");
  const other = await office.goto(BASE + "/dashboard/usage?subAccount=rome");
  check(other.status() === 403, "another office by URL is refused (" + other.status() + ")");
  await office.goto(BASE + "/dashboard/usage");
  check(!(await office.locator("#usage-rows").textContent()).includes("newsletter"), "another office's rows are not shown");

  // a revoked key's session ends at its next request
  const revoked = await fetch(BASE + env("REVOKE_PATH"), { method: "DELETE",
    headers: { "Authorization": "Bearer " + env("OPERATOR_KEY") } });
  check(revoked.status === 204, "the company admin's key is revoked");
  await page.goto(BASE + "/dashboard/overview");
  check(page.url().endsWith("/dashboard/sign-in"), "the revoked key's session went to the sign-in page");
} finally {
  await browser.close();
}
