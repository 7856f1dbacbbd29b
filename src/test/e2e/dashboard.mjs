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

// How often the page fetched its alert list (the stream's events make it reload the list).
async function listReloads(page) {
  return page.evaluate(() => performance.getEntriesByType("resource")
    .filter((r) => r.name.includes("/dashboard/alerts/list")).length);
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
  // a record's details in the side panel, by keyboard: focus its button, Enter, Escape
  const opener = page.locator("#usage-rows .open-record").first();
  await opener.focus();
  await page.keyboard.press("Enter");
  await page.locator("#record-panel:not([hidden]) #record-h").waitFor();
  check(await page.evaluate(() => document.activeElement && document.activeElement.id === "record-h"),
    "the panel takes the focus");
  check((await page.locator("#record-panel").textContent()).includes("Ledger entries"), "the panel shows the record");
  await noScriptRan(page, "the record panel");
  await page.screenshot({ path: path.join(SHOTS, "usage.png"), fullPage: true });
  await page.keyboard.press("Escape");
  await page.locator("#record-panel").waitFor({ state: "hidden" });
  check(await page.evaluate(() => document.activeElement && document.activeElement.classList.contains("open-record")),
    "Escape closes the panel and gives the focus back to its row");
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

  // alerts: a reservation crossing a threshold appears without reload, through the page's live stream
  await page.getByRole("link", { name: "Alerts" }).click();
  await page.waitForSelector("#alert-table");
  await page.locator("#live[data-state=live]").waitFor({ timeout: 10000 });
  check(true, "the alerts page's stream is open (the session cookie authenticates it)");
  check(!(await page.locator("#alert-table").textContent()).includes("low-balance"), "no low-balance alert yet");
  const reloadsBefore = await listReloads(page);
  const crossed = await fetch(BASE + "/v1/reservations", { method: "POST",
    headers: { "Authorization": "Bearer " + env("OPERATOR_KEY"), "Content-Type": "application/json" },
    body: env("RESERVATION") });
  check(crossed.status === 201, "the reservation is made (" + crossed.status + ")");
  await page.locator("#alert-table td", { hasText: "low-balance" }).first().waitFor({ timeout: 20000 });
  check(true, "the low-balance alert appears without reload");
  const reloadsAfter = await listReloads(page);
  check(reloadsAfter > reloadsBefore && await page.evaluate(() => performance.getEntriesByType("navigation").length === 1),
    "the list was reloaded after the stream's event, not by a page load (" + reloadsBefore + " then " + reloadsAfter + ")");
  check(await page.locator("#endpoints-h").count() === 1, "company admins see the webhook endpoints");
  await noScriptRan(page, "the alerts page");
  await page.screenshot({ path: path.join(SHOTS, "alerts.png"), fullPage: true });

  // credits: the catalogue, the cost review, the purchase, the payment history
  await page.getByRole("link", { name: "Credits" }).click();
  await page.waitForSelector("#wallets-h");
  await noScriptRan(page, "the credits page");
  await page.locator("#purchase-form input[value='" + env("PACKAGE") + "']").check();
  await page.locator("#purchase-method").fill("pm_card_visa");
  await page.getByRole("button", { name: "Review the cost" }).click();
  await page.locator("#review-cost").waitFor();
  check((await page.locator("#review-cost").textContent()) === "12.50 EUR", "the review shows the cost");
  await page.screenshot({ path: path.join(SHOTS, "credits-review.png"), fullPage: true });
  await page.getByRole("button", { name: "Confirm the purchase" }).click();
  await page.locator("#purchase-done").waitFor();
  check((await page.locator("#purchase-done").textContent()).includes("100 credits"), "the purchase is confirmed");
  await page.reload();
  check((await page.locator("#payment-rows").textContent()).includes(env("PACKAGE")),
    "the payment history lists the purchase");
  await page.screenshot({ path: path.join(SHOTS, "credits.png"), fullPage: true });

  // offices: allocations, limits, spend and the roll-up
  await page.getByRole("link", { name: "Offices" }).click();
  await page.waitForSelector("#rollup-table");
  check((await page.locator("#office-table td.name").allTextContents()).includes(expected.office),
    "the office's hostile name shows literally");
  await noScriptRan(page, "the offices page");
  await page.screenshot({ path: path.join(SHOTS, "offices.png"), fullPage: true });

  // a phone's width: the overview still reads
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(BASE + "/dashboard/overview");
  await page.waitForSelector("#spend-chart canvas");
  const wider = await page.evaluate(() => Array.from(document.querySelectorAll("body *"))
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".scroll, .panel"))
    .map((e) => e.tagName + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : "")).slice(0, 5));
  check(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    "the overview fits a phone's width (wider: " + wider.join(" ") + ")");
  await page.screenshot({ path: path.join(SHOTS, "overview-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1200, height: 900 });

  // office admin: its offices only, whatever the URL says
  const office = await signIn(browser, env("OFFICE_KEY"));
  await noScriptRan(office, "the office admin's overview");
  check((await office.locator("#offices").textContent()) === expected.office, "the office's hostile name shows literally");
  const other = await office.goto(BASE + "/dashboard/usage?subAccount=rome");
  check(other.status() === 403, "another office by URL is refused (" + other.status() + ")");
  await office.goto(BASE + "/dashboard/usage");
  check(!(await office.locator("#usage-rows").textContent()).includes("newsletter"), "another office's rows are not shown");
  const otherRecord = await office.goto(BASE + "/dashboard/usage/" + env("ROME_RECORD"));
  check(otherRecord.status() === 404, "another office's record by URL is not found (" + otherRecord.status() + ")");
  const otherOffice = await office.goto(BASE + "/dashboard/offices?subAccount=rome");
  check(otherOffice.status() === 403, "another office's page by URL is refused (" + otherOffice.status() + ")");
  await office.goto(BASE + "/dashboard/offices");
  check(!(await office.locator("#office-table").textContent()).includes("rome"), "the offices page shows its own only");
  const buyOther = await office.evaluate(async () => {
    const csrf = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRF-Token"];
    return (await fetch("/dashboard/credits/purchase/preview", { method: "POST",
      headers: { "X-CSRF-Token": csrf, "Content-Type": "application/x-www-form-urlencoded" },
      body: "package=x&paymentMethod=pm&subAccount=rome" })).status;
  });
  check(buyOther === 403, "buying for another office is refused (" + buyOther + ")");

  // a revoked key's session ends at its next request
  const revoked = await fetch(BASE + env("REVOKE_PATH"), { method: "DELETE",
    headers: { "Authorization": "Bearer " + env("OPERATOR_KEY") } });
  check(revoked.status === 204, "the company admin's key is revoked");
  await page.goto(BASE + "/dashboard/overview");
  check(page.url().endsWith("/dashboard/sign-in"), "the revoked key's session went to the sign-in page");
} finally {
  await browser.close();
}
