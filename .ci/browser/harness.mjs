// What the browser checks share: an `easim serve` on loopback, Debian's chromium, `check` lines, and a bounded run
// (a deadline, and the server and browser always stopped, on success or failure).

import { spawn } from "node:child_process";
import { chromium } from "playwright-core";

const running = { server: undefined, browser: undefined };

// Runs `main` within `seconds`; exits 1 with the reason on failure or at the deadline.
export function runCheck(name, seconds, main) {
  const deadline = setTimeout(() => fail(`the ${name} did not finish within ${seconds} s`), seconds * 1000);
  async function stop() {
    clearTimeout(deadline);
    if (running.browser) {
      await running.browser.close().catch(() => {});
      running.browser = undefined;
    }
    if (running.server && running.server.exitCode === null) {
      running.server.kill("SIGTERM");
    }
  }
  function fail(message) {
    console.error(`FAIL: ${message}`);
    stop().finally(() => process.exit(1));
  }
  main().then(() => stop()).catch((e) => fail(e.message));
}

export function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
  console.log(`ok: ${message}`);
}

// Starts `easim serve ARGS` and waits until its admin listener at `admin` (host:port) answers; refuses to start
// when something already listens there.
export async function startServer(easim, args, admin) {
  const probe = () => fetch(`http://${admin}/console/login`).then((r) => r.ok, () => false);
  if (await probe()) {
    throw new Error(`something already listens on ${admin}: stop it first`);
  }
  const server = spawn(easim, ["serve", "-q", ...args], { stdio: ["ignore", "ignore", "inherit"] });
  running.server = server;
  for (let i = 0; i < 150; i++) {
    if (server.exitCode !== null) {
      throw new Error(`easim serve exited with ${server.exitCode}`);
    }
    if (await probe()) {
      return server;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("easim serve did not listen within 30 s");
}

// Debian's chromium (CHROMIUM overrides /usr/bin/chromium), headless.
export async function launchBrowser() {
  running.browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  return running.browser;
}
