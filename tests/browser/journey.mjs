// journey.mjs - the browser journey of isms: Debian's chromium, driven by
// playwright-core, through a real "isms serve" on 127.0.0.1 with the demo
// ISMS: log in, create an asset and add a risk, treat it, approve the
// residual risk as an approver, generate the Statement of Applicability and
// download it as XLSX; plus the policy's live preview and bulk selection of
// controls, which need the page's JavaScript.
//
// Output is TAP. A failing step leaves a screenshot and the page's HTML in
// the screenshots directory ($ISMS_BUILD_DIR/browser-screenshots, else
// tests/browser/screenshots). Environment: ISMS (the binary), CHROMIUM
// (default /usr/bin/chromium), ISMS_SOURCE_DIR.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const source = process.env.ISMS_SOURCE_DIR || path.resolve(here, "..", "..");
const isms = process.env.ISMS || path.join(source, "build", "isms");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = process.env.ISMS_BUILD_DIR
	? path.join(process.env.ISMS_BUILD_DIR, "browser-screenshots")
	: path.join(here, "screenshots");
const PASSWORD = "demo journey password";
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync"];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "isms-browser."));
const env = { ...process.env, ISMS_DB: path.join(dir, "isms.db"), LANG: "C.UTF-8", LC_ALL: "", LANGUAGE: "" };

function cli(args, input) {
	return execFileSync(isms, args, { env, input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

/* The demo ISMS and its two users, with passwords. */
function seed() {
	cli(["--lang", "en", "demo", "--name", "demo"]);
	for (const user of ["demo-manager", "demo-ceo"])
		cli(["--isms", "demo", "user", "passwd", user], PASSWORD + "\n");
}

/* "isms serve" on a free port; resolves with the server's process and URL. */
function serve() {
	return new Promise((resolve, reject) => {
		const proc = spawn(isms, ["serve", "--listen", "127.0.0.1:0", "--threads", "2"],
			{ env, stdio: ["ignore", "pipe", "pipe"] });
		let out = "", log = "";
		const timer = setTimeout(() => reject(new Error("isms serve did not start:\n" + out + log)), 60000);

		proc.stdout.on("data", (d) => {
			out += d;
			const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
			if (m) {
				clearTimeout(timer);
				resolve({ proc, url: m[1], log: () => log });
			}
		});
		proc.stderr.on("data", (d) => { log += d; });
		proc.on("exit", (code) => reject(new Error("isms serve exited with " + code + ":\n" + log)));
	});
}

function stop(server) {
	return new Promise((resolve) => {
		server.proc.removeAllListeners("exit");
		server.proc.on("exit", (code, signal) => resolve(code === null ? signal : code));
		server.proc.kill("SIGTERM");
	});
}

function assert(cond, what) {
	if (!cond)
		throw new Error("assertion failed: " + what);
}

let n = 0, failed = 0;

/* One step of TAP; on failure, what the page looked like. */
async function step(page, name, fn) {
	n++;
	try {
		await fn();
		console.log("ok " + n + " - " + name);
	} catch (e) {
		failed++;
		console.log("not ok " + n + " - " + name);
		for (const line of String(e.stack || e).split("\n"))
			console.log("# " + line);
		try {
			fs.mkdirSync(shots, { recursive: true });
			const base = path.join(shots, String(n).padStart(2, "0") + "-" + name.replace(/[^a-z0-9]+/gi, "-"));
			await page.screenshot({ path: base + ".png", fullPage: true });
			fs.writeFileSync(base + ".html", await page.content());
			console.log("# page " + page.url() + ", screenshot " + base + ".png");
		} catch (e2) {
			console.log("# no screenshot: " + e2.message);
		}
		throw e;
	}
}

async function login(page, base, name) {
	await page.goto(base + "/login");
	await page.getByLabel("User name").fill(name);
	await page.getByLabel("Password").fill(PASSWORD);
	await Promise.all([page.waitForURL(/\/isms\/\d+/), page.getByRole("button", { name: "Log in" }).click()]);
}

async function logout(page) {
	await page.getByRole("button", { name: "Log out" }).click();
	await page.waitForURL(/\/login/);
}

/* The form that adds to a list ("assets", "risks"), opened when it is
 * folded away in a <details>. */
async function openForm(page, what) {
	const form = page.locator('form[method="post"][action$="/' + what + '"]');
	const details = page.locator("details", { has: form });
	if ((await details.count()) && !(await details.getAttribute("open")))
		await details.locator("summary").first().click();
	return form;
}

/* The notice or error shown after a form. */
async function message(page) {
	const box = page.locator(".notice, .error").first();
	return (await box.count()) ? (await box.innerText()).trim() : "";
}

async function main() {
	seed();
	const server = await serve();
	const browser = await chromium.launch({ executablePath: browserPath, args: LAUNCH_ARGS });
	const context = await browser.newContext({ acceptDownloads: true, locale: "en-GB" });
	const page = await context.newPage();
	const errors = [];
	page.on("pageerror", (e) => errors.push(e.message));
	page.on("console", (m) => {
		/* A browser asks for /favicon.ico by itself; isms has none. */
		if (m.type() === "error" && !/favicon/.test(m.location().url || ""))
			errors.push(m.text() + " (" + (m.location().url || page.url()) + ")");
	});
	const base = server.url;
	let isms = "", risk = "";

	console.log("TAP version 13");
	try {
		await step(page, "log in as the ISMS manager", async () => {
			await login(page, base, "demo-manager");
			isms = page.url().match(/\/isms\/(\d+)/)[0];
			assert((await page.locator("h1").innerText()).includes("Dashboard"), "the dashboard opens");
		});

		await step(page, "create an asset", async () => {
			await page.getByRole("navigation", { name: "ISMS" }).getByRole("link", { name: "Assets" }).click();
			const form = await openForm(page, "assets");
			await form.getByLabel("Asset ID", { exact: true }).fill("BJ-LAPTOP");
			await form.getByLabel("Name", { exact: true }).fill("Browser journey laptop");
			await form.getByLabel("Type", { exact: true }).selectOption("hardware");
			await form.getByLabel("Owner", { exact: true }).fill("Head of Development");
			await form.getByLabel("Confidentiality", { exact: true }).selectOption("3");
			await form.getByLabel("Integrity", { exact: true }).selectOption("2");
			await form.getByLabel("Availability", { exact: true }).selectOption("2");
			await page.getByRole("button", { name: "Add the asset" }).click();
			await page.waitForLoadState();
			assert((await page.content()).includes("Browser journey laptop"), "the asset is shown");
			assert(!(await page.locator(".error").count()), "no error: " + await message(page));
		});

		await step(page, "add a risk to it", async () => {
			await page.goto(base + isms + "/risks");
			const form = await openForm(page, "risks");
			await form.getByLabel("Asset ID", { exact: true }).fill("BJ-LAPTOP");
			await form.getByLabel("Threat", { exact: true }).selectOption({ label: "T-014 Theft of equipment" });
			const vuln = form.getByLabel("Vulnerability", { exact: true });
			const first = await vuln.locator("option").nth(1).getAttribute("value");
			await vuln.selectOption(first);
			await form.getByLabel("Threat level", { exact: true }).selectOption("3");
			await form.getByLabel("Vulnerability level", { exact: true }).selectOption("3");
			await page.getByRole("button", { name: "Add the risk" }).click();
			await page.waitForLoadState();
			assert(!(await page.locator(".error").count()), "no error: " + await message(page));
			const m = page.url().match(/\/risks\/([^/?]+)/) ||
				(await page.content()).match(/href="\/isms\/\d+\/risks\/(R-\d+)"[^>]*>[^<]*<\/a><\/td><td>BJ-LAPTOP/);
			assert(m, "the new risk is shown: " + page.url());
			risk = decodeURIComponent(m[1]);
		});

		await step(page, "treat the risk with a control", async () => {
			await page.goto(base + isms + "/risks/" + encodeURIComponent(risk) + "/treatment");
			await page.getByLabel("reduce", { exact: true }).check();
			// The picker's search finds a control by a word of its description,
			// and says so when nothing matches.
			const search = page.getByLabel("Find a control");
			await search.fill("qwertyuiop");
			assert(await page.locator("[data-picker-none]").isVisible(), "the picker says nothing matches");
			await search.fill("remote wipe");
			assert(!(await page.locator("[data-picker-none]").isVisible()), "a word of a description matches");
			assert(await page.locator('input[name="controls"][value="A.8.1"]').isVisible(),
				"A.8.1 is found by its description and its group opened");
			assert(!(await page.locator('input[name="controls"][value="A.5.1"]').isVisible()), "other controls are hidden");
			await page.locator('input[name="controls"][value="A.8.1"]').check();
			await page.getByLabel("Who carries it out").fill("IT team");
			await page.getByLabel("Due date").fill("2027-03-31");
			await page.locator("#t-rv").selectOption("1");
			await page.getByRole("button", { name: "Save the treatment" }).click();
			await page.waitForLoadState();
			assert(!(await page.locator(".error").count()), "no error: " + await message(page));
			assert((await page.content()).includes("A.8.1"), "the treatment names the control");
			await logout(page);
		});

		await step(page, "approve the residual risk as the approver", async () => {
			await login(page, base, "demo-ceo");
			await page.getByRole("navigation", { name: "ISMS" }).getByRole("link", { name: "Residual risks" }).click();
			const row = page.locator("tr", { has: page.locator("a", { hasText: risk }) }).first();
			assert(await row.count(), "the risk waits in the approver's queue");
			await row.getByPlaceholder("Comment").fill("Accepted until the laptops are replaced.");
			await row.getByRole("button", { name: "Approve" }).click();
			await page.waitForLoadState();
			assert(!(await page.locator(".error").count()), "no error: " + await message(page));
			const approved = page.locator("tr", { has: page.locator("a", { hasText: risk }) }).first();
			assert((await approved.innerText()).length > 0, "the risk is listed after the decision");
			const api = await page.request.get(base + "/api/v1" + isms + "/risks/" + encodeURIComponent(risk));
			const j = await api.json();
			assert(j.needs_approval === true, "the residual risk needed an approval");
			assert(j.approval && j.approval.state === "current" && j.approval.by === "demo-ceo",
				"the approval is recorded: " + JSON.stringify(j.approval));
			await logout(page);
		});

		let xlsx = "";
		await step(page, "generate the Statement of Applicability", async () => {
			await login(page, base, "demo-manager");
			await page.getByRole("navigation", { name: "ISMS" }).getByRole("link", { name: "SoA" }).click();
			await page.getByRole("button", { name: "Generate a new Statement of Applicability" }).click();
			await page.waitForURL(/\/soa\/\d+\?msg=generated/);
			assert((await message(page)).includes("A new Statement of Applicability has been generated."),
				"the notice says so");
			const row = page.locator("table.soa tr", { has: page.locator("td", { hasText: /^A\.8\.1$/ }) });
			assert((await row.innerText()).includes(risk), "A.8.1 lists the treated risk");
		});

		await step(page, "download the SoA as XLSX in Japanese", async () => {
			const [download] = await Promise.all([
				page.waitForEvent("download"),
				page.locator("ul.downloads li", { hasText: "日本語" }).getByRole("link", { name: "Excel (XLSX)" }).click(),
			]);
			assert(/^soa-\d+-ja\.xlsx$/.test(download.suggestedFilename()), "the file name: " + download.suggestedFilename());
			xlsx = path.join(dir, download.suggestedFilename());
			await download.saveAs(xlsx);
			const head = fs.readFileSync(xlsx).subarray(0, 4);
			assert(head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])), "the file is a zip");
			const workbook = execFileSync("unzip", ["-p", xlsx, "xl/workbook.xml"], { encoding: "utf8" });
			assert(workbook.includes('<sheet name="適用宣言書"'), "the sheet is the Statement of Applicability");
			const cells = execFileSync("python3", [path.join(source, "tests", "cli", "xlsx-cells.py"), xlsx],
				{ encoding: "utf8" }).split("\n").map((l) => l.split("\t"));
			const idRef = cells.find((c) => c[1] === "A.8.1");
			assert(idRef, "A.8.1 is a row of the sheet");
			const rowNo = idRef[0].replace(/^[A-Z]+/, "");
			const rowText = cells.filter((c) => c[0] && c[0].replace(/^[A-Z]+/, "") === rowNo).map((c) => c[1]).join(" | ");
			assert(rowText.includes(risk), "its row lists the risk: " + rowText);
			assert(JAPANESE.test(rowText), "in Japanese: " + rowText);
		});

		await step(page, "preview the policy while it is written", async () => {
			await page.goto(base + isms + "/policy/edit");
			const area = page.getByLabel("Policy text (Markdown)");
			await area.fill("# Journey policy\n\n- **Protect** what matters\n\n<script>alert(1)</script>");
			await page.locator("#preview h2", { hasText: "Journey policy" }).waitFor({ timeout: 10000 });
			assert((await page.locator("#preview strong").innerText()) === "Protect", "bold is rendered");
			assert((await page.locator("#preview script").count()) === 0, "markup stays text");
			assert(page.url().endsWith("/policy/edit"), "no page load");
		});

		await step(page, "select a whole theme of controls at once", async () => {
			await page.goto(base + isms + "/controls?group=A.7");
			await page.locator('input[data-check-all="g-A.7"]').check();
			const boxes = page.locator('tbody#g-A\\.7 input[name="control"]');
			const count = await boxes.count();
			assert(count === 14, "14 physical controls: " + count);
			for (let i = 0; i < count; i++)
				assert(await boxes.nth(i).isChecked(), "control " + i + " is ticked");
			await page.getByLabel("Owner (empty: keep)").fill("Facilities team");
			await page.getByRole("button", { name: "Apply to the selected controls" }).click();
			await page.waitForURL(/msg=saved/);
			const owners = await page.locator("tbody#g-A\\.7 tr td:nth-child(7)").allInnerTexts();
			assert(owners.length === 14 && owners.every((o) => o === "Facilities team"), "every owner changed: " + owners);
		});

		await step(page, "no script errors on the way", async () => {
			assert(errors.length === 0, "errors: " + errors.join("; "));
		});
	} catch (e) {
		/* Reported by the step; the rest depends on it. */
	} finally {
		await browser.close();
		const rc = await stop(server);
		if (rc !== 0) {
			failed++;
			console.log("not ok " + (++n) + " - isms serve stopped cleanly (exit " + rc + ")");
			console.log(server.log().split("\n").slice(-30).map((l) => "# " + l).join("\n"));
		}
		fs.rmSync(dir, { recursive: true, force: true });
	}
	console.log("1.." + n);
	process.exit(failed ? 1 : 0);
}

main().catch((e) => {
	console.log("Bail out! " + String(e.stack || e).split("\n").join(" / "));
	fs.rmSync(dir, { recursive: true, force: true });
	process.exit(1);
});
