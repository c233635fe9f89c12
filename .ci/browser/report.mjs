// `easim load --report DIR` writes a self-contained report.html: open it in Debian's chromium with every network
// request refused (it must render offline, from the file alone) and check its charts and tables are there.
//
// Usage: node .ci/browser/report.mjs [EASIM_BINARY]   (default target/debug/easim). Runs `easim serve` on loopback
// and a bounded `easim load` (8 devices, 2 s) against it; the report and a screenshot go to $EASIM_SCREENSHOTS
// (default $TMPDIR or /tmp). The whole check gives up after two minutes; the server is always stopped.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { check, launchBrowser, runCheck, startServer } from "./harness.mjs";

const easim = process.argv[2] ?? "target/debug/easim";
const out = process.env.EASIM_SCREENSHOTS ?? process.env.TMPDIR ?? "/tmp";
const eas = "127.0.0.1:18482";
const admin = "127.0.0.1:18483";
const token = "secret";

async function main() {
  await startServer(easim, ["--now", "2026-11-23", "--admin-token", token, "--eas-addr", eas, "--admin-addr", admin],
    admin);

  const dir = join(out, "easim-load-report");
  const load = spawnSync(easim, ["load", "-q", "--token", token, "--admin-url", `http://${admin}`,
    "--url", `http://${eas}/Microsoft-Server-ActiveSync`, "--devices", "8", "--duration", "2", "--report", dir],
  { encoding: "utf8", timeout: 60_000 });
  check(load.status === 0, `easim load ran (exit ${load.status}): ${load.stdout.trim().split("\n").pop()}`);
  const file = join(dir, "report.html");
  check(existsSync(file), `it wrote ${file}`);

  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const fetched = [];
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) {
      return route.continue();
    }
    fetched.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href);
  check((await page.title()) === "easim load report", "the report opens");
  const charts = await page.locator("svg.chart").count();
  check(charts === 3, `it draws its ${charts} charts (latency percentiles, throughput, status mix)`);
  const headings = await page.locator("h2").allTextContents();
  for (const h of ["Latency percentiles over time", "Throughput", "Status mix"]) {
    check(headings.includes(h), `it has the section "${h}"`);
  }
  const box = await page.locator("svg.chart").first().boundingBox();
  check(box !== null && box.width > 100 && box.height > 50, `the first chart is drawn (${box?.width}×${box?.height})`);
  const bars = await page.locator("svg.chart rect.bar").count();
  check(bars > 0, `the throughput chart has ${bars} bars`);
  const rows = await page.locator("table tr").count();
  check(rows > 1, `its latency table has ${rows} rows`);
  check(fetched.length === 0, `it asked for nothing outside the file${fetched.length ? `: ${fetched}` : ""}`);
  check(errors.length === 0, `no script errors${errors.length ? `: ${errors}` : ""}`);
  await page.screenshot({ path: join(out, "easim-load-report.png"), fullPage: true });
  console.log(`screenshot in ${out}/easim-load-report.png`);
}

runCheck("report check", 120, main);
