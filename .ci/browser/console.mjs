// The trainer's console in a real browser: Debian's chromium, driven over the DevTools protocol by playwright-core,
// against `easim serve --profile scenario-a` on loopback. As a trainer would: sign in, filter the device table,
// load an exercise, remove a device access rule through the admin endpoint and watch the live feed, the counts, the
// table and the checklist change without reloading the page, then open a device's decision trace.
//
// Usage: node .ci/browser/console.mjs [EASIM_BINARY]   (default target/debug/easim; CHROMIUM overrides
// /usr/bin/chromium). Screenshots go to $EASIM_SCREENSHOTS (default $TMPDIR or /tmp): CI artefacts, never committed.
// Bounded: every wait has a timeout and the whole check gives up after two minutes; the server is always stopped.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { check, launchBrowser, runCheck, startServer } from "./harness.mjs";

const easim = process.argv[2] ?? "target/debug/easim";
const shots = process.env.EASIM_SCREENSHOTS ?? process.env.TMPDIR ?? "/tmp";
const token = "secret";
const password = "P@ssw0rd!";
const eas = "127.0.0.1:18480";
const admin = "127.0.0.1:18481";
const base = `http://${admin}`;
const ruleName = "iPhone6C2 (DeviceModel)";
const exerciseFile = "exercises/scenario-a-retire-the-iphone-rule.Tests.ps1";
const WAIT = 15_000;
const PHONES = 12;


// One cmdlet through the admin endpoint, as a trainee's script (or the EXO module) would send it.
async function invoke(domain, cmdlet, parameters) {
  const r = await fetch(`${base}/adminapi/beta/${domain}/InvokeCommand`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
  });
  const body = await r.text();
  if (!r.ok) {
    throw new Error(`${cmdlet} answered HTTP ${r.status}: ${body}`);
  }
  return JSON.parse(body);
}

// A WBXML document from nested [codePage, tag, content] elements: content is a string (inline, STR_I) or a list of
// elements. Tokens per MS-ASWBXML: version 1.3, public identifier 1, UTF-8 (charset 106), no string table;
// SWITCH_PAGE 0x00, END 0x01, STR_I 0x03, a tag with content has bit 0x40 set.
function wbxml(root) {
  const bytes = [0x03, 0x01, 0x6a, 0x00];
  let page = 0;
  const put = ([codePage, tag, content]) => {
    if (codePage !== page) {
      bytes.push(0x00, codePage);
      page = codePage;
    }
    bytes.push(tag | 0x40);
    if (typeof content === "string") {
      bytes.push(0x03, ...Buffer.from(content, "utf8"), 0x00);
    } else {
      content.forEach(put);
    }
    bytes.push(0x01);
  };
  put(root);
  return Buffer.from(bytes);
}

// MS-ASWBXML code pages: Provision is page 14 (Provision 0x05, Policies 0x06, Policy 0x07, PolicyType 0x08),
// Settings page 18 (Set 0x08, DeviceInformation 0x16, Model 0x17, OS 0x1A, UserAgent 0x20).
const PROVISION = 14;
const SETTINGS = 18;

// A phone's first Provision request (MS-ASPROV 4.1.1: the policy type, with the device's information as 14.1
// sends it), with its owner's password (every generated user has the sample user's password).
async function provision(upn, phone) {
  const body = wbxml([PROVISION, 0x05, [
    [SETTINGS, 0x16, [[SETTINGS, 0x08, [
      [SETTINGS, 0x17, phone.DeviceModel], [SETTINGS, 0x1a, phone.DeviceOS], [SETTINGS, 0x20, phone.DeviceUserAgent],
    ]]]],
    [PROVISION, 0x06, [[PROVISION, 0x07, [[PROVISION, 0x08, "MS-EAS-Provisioning-WBXML"]]]]],
  ]]);
  const query = new URLSearchParams({
    Cmd: "Provision", User: upn, DeviceId: phone.DeviceId, DeviceType: phone.DeviceType,
  });
  const r = await fetch(`http://${eas}/Microsoft-Server-ActiveSync?${query}`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${upn}:${password}`).toString("base64")}`,
      "MS-ASProtocolVersion": "14.1",
      "Content-Type": "application/vnd.ms-sync.wbxml",
      "User-Agent": phone.DeviceUserAgent,
    },
    body,
  });
  await r.arrayBuffer();
  return r.status;
}

// The DeviceAccessState chart's accessible summary: "By DeviceAccessState: Allowed 10, Quarantined 4".
async function stateCounts(page) {
  const label = await page.locator('#counts svg[aria-label^="By DeviceAccessState:"]').getAttribute("aria-label");
  const counts = {};
  for (const part of label.replace(/^By DeviceAccessState:\s*/, "").split(", ")) {
    const m = part.match(/^(\S+) (\d+)$/);
    if (m) {
      counts[m[1]] = Number(m[2]);
    }
  }
  return counts;
}

async function columnTexts(page, column) {
  return page.locator(`#device-table tbody tr td:nth-child(${column})`).allTextContents();
}

async function main() {
  await startServer(easim, ["--profile", "scenario-a", "--now", "2026-11-23", "--admin-token", token,
    "--eas-addr", eas, "--admin-addr", admin], admin);

  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(WAIT);
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));

  // Signing in: an unsigned visit lands on the form; the token takes the browser to the fleet.
  await page.goto(`${base}/console`);
  check(page.url().endsWith("/console/login"), "an unsigned visit is sent to the sign-in form");
  await page.fill("#token", "wrong");
  await page.click('button[type="submit"]');
  check((await page.locator('[role="alert"]').textContent()).includes("Error"), "a wrong token is refused");
  await page.fill("#token", token);
  await Promise.all([page.waitForURL(`${base}/console`), page.click('button[type="submit"]')]);
  const heading = await page.locator("h1").textContent();
  const domain = heading.match(/^Fleet of (\S+):/)?.[1];
  check(domain !== undefined, `signed in: "${heading}"`);
  const before = await stateCounts(page);
  check(before.Allowed > 0, `the state chart counts ${JSON.stringify(before)}`);

  // Filtering: a select submits the form by itself; a text filter with Enter.
  await Promise.all([
    page.waitForURL(/state=Allowed/),
    page.selectOption('#filters select[name="state"]', "Allowed"),
  ]);
  const allowedStates = await columnTexts(page, 5);
  check(allowedStates.length > 0 && allowedStates.every((s) => s === "Allowed"),
    `the state filter shows only Allowed devices (${allowedStates.length} rows)`);
  await page.fill('#filters input[name="model"]', "iPhone6C2");
  await Promise.all([page.waitForURL(/model=iPhone6C2/), page.press('#filters input[name="model"]', "Enter")]);
  const models = await columnTexts(page, 3);
  check(models.length > 0 && models.every((m) => m === "iPhone6C2"),
    `the model filter shows only iPhone6C2 (${models.length} rows)`);
  const matchesBefore = await page.locator("#matches").textContent();
  check(/^\d+ matching devices/.test(matchesBefore), `the table says "${matchesBefore}"`);
  await page.screenshot({ path: join(shots, "easim-console-1-filtered.png"), fullPage: true });

  // The exercise: its goals, listed unmet while the rule is there.
  await page.fill("#exercise-name", "scenario-a-retire-the-iphone-rule.Tests.ps1");
  await page.fill("#exercise-source", readFileSync(exerciseFile, "utf8"));
  await Promise.all([page.waitForURL(/\/console/), page.click('#load-exercise button[type="submit"]')]);
  await page.waitForSelector("#checklist li.goal");
  const goals = await page.locator("#checklist li.goal").count();
  check(goals === 2, `the checklist lists the exercise's ${goals} goals`);
  await page.waitForSelector("#checklist li.goal.unmet:has-text('the rule is gone')");
  console.log("ok: 'the rule is gone' is not met while the rule exists");

  // From here on the page must not reload: the marker survives only in this document. The table shows the
  // iPhone6C2s the server has stored as Quarantined: none yet.
  await page.goto(`${base}/console?state=Quarantined&model=iPhone6C2`);
  check((await page.locator("#matches").textContent()).startsWith("0 matching"), "no iPhone6C2 is Quarantined yet");
  await page.evaluate(() => { window.easimNoReload = true; });
  await page.waitForTimeout(500); // the EventSource is connected
  await invoke(domain, "Remove-ActiveSyncDeviceAccessRule", { Identity: ruleName, Confirm: false });
  console.log(`removed the rule '${ruleName}' through the admin endpoint`);
  const ran = page.locator("#feed li", { hasText: `ran Remove-ActiveSyncDeviceAccessRule -Identity '${ruleName}'` });
  await ran.first().waitFor();
  console.log(`ok: the live feed says who ran the cmdlet, with its parameters: "${await ran.first().textContent()}"`);
  await page.waitForSelector("#checklist li.goal.met:has-text('the rule is gone')");
  console.log("ok: the goal 'the rule is gone' turned green");

  // Exchange decides a device's stored state on its next request (Get-MobileDevice shows the rules' verdict at once,
  // which is what the exercise's second goal reads). So some of the phones check in, as each would on its next Sync.
  const phones = (await invoke(domain, "Get-MobileDevice", {
    Filter: "DeviceModel -eq 'iPhone6C2'", ResultSize: PHONES,
  })).value;
  for (const phone of phones) {
    const owner = phone.Identity.split("\\")[0];
    const mailbox = (await invoke(domain, "Get-CASMailbox", { Identity: owner })).value[0];
    const status = await provision(mailbox.PrimarySmtpAddress, phone);
    if (status !== 200) {
      throw new Error(`Provision of ${phone.DeviceId} answered HTTP ${status}`);
    }
  }
  console.log(`${phones.length} iPhone6C2s sent a Provision request over EAS`);

  const transition = page.locator("#feed li.transition", { hasText: "Allowed → Quarantined" });
  await transition.first().waitFor().catch(async (e) => {
    const feed = await page.locator("#feed").innerText().catch(() => "(no feed)");
    throw new Error(`${e.message}\nthe feed showed:\n${feed}`);
  });
  check(true, `the live feed highlights "${await transition.first().textContent()}"`);
  await page.waitForFunction(
    (allowed) => {
      const svg = document.querySelector('#counts svg[aria-label^="By DeviceAccessState:"]');
      const m = svg && svg.getAttribute("aria-label").match(/Allowed (\d+)/);
      return m && Number(m[1]) <= allowed;
    },
    before.Allowed - phones.length,
    { timeout: WAIT },
  );
  const after = await stateCounts(page);
  check(after.Allowed === before.Allowed - phones.length && after.Quarantined === before.Quarantined + phones.length,
    `the counts changed live: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  await page.waitForFunction((n) => document.getElementById("matches").textContent.startsWith(`${n} matching`),
    phones.length, { timeout: WAIT });
  const states = await columnTexts(page, 5);
  check(states.length === phones.length && states.every((s) => s === "Quarantined"),
    `the table now lists the ${states.length} phones, Quarantined`);

  const unmet = await page.locator("#checklist li.goal.unmet").textContent();
  check(/Expected 0, but got \d+/.test(unmet), `the other goal shows Pester's failure: "${unmet.trim()}"`);
  check(await page.evaluate(() => window.easimNoReload === true), "all of it without reloading the page");
  await page.screenshot({ path: join(shots, "easim-console-2-after-rule-removed.png"), fullPage: true });

  // Why: a device's page with its decision trace.
  const link = page.locator("#device-table tbody tr a").first();
  const device = await link.textContent();
  await Promise.all([page.waitForURL(/\/console\/device\?id=/), link.click()]);
  const steps = await page.locator("#trace li").count();
  check(steps > 0, `the device page of ${device} shows its decision trace (${steps} steps)`);
  const decision = await page.locator("#decision").textContent();
  check(/Quarantined/.test(decision), `its decision: "${decision.trim()}"`);
  await page.screenshot({ path: join(shots, "easim-console-3-device-trace.png"), fullPage: true });

  check(pageErrors.length === 0, `no script errors on the pages${pageErrors.length ? `: ${pageErrors}` : ""}`);
  console.log(`screenshots in ${shots}/easim-console-*.png`);
}

runCheck("browser check", 120, main);
