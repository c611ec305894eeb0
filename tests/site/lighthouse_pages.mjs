// Lighthouse on many pages, one after the other in one Chromium (its command line starts a
// node and a Chromium per page). Runs never overlap in one process: Lighthouse's timing
// marks are global, so side-by-side runs take two processes.
// Usage: node lighthouse_pages.mjs <node_modules> <mobile|desktop> <category,...> <url>...
// Chromium is $CHROME_PATH. Prints {url: {scores, failed} | {"error": message}} as JSON:
// each category's score (0 to 1) and the ids of its weighted audits scored below 1.
import path from 'node:path';
import {pathToFileURL} from 'node:url';

const [modules, form, categoryList, ...urls] = process.argv.slice(2);
const load = file => import(pathToFileURL(path.join(modules, file)).href);
const {default: lighthouse} = await load('lighthouse/core/index.js');
const chromeLauncher = await load('chrome-launcher/dist/index.js');
const desktop = form === 'desktop' ? (await load('lighthouse/core/config/desktop-config.js')).default : undefined;
const categories = categoryList.split(',');
// Before every page, Lighthouse times a busy loop in it for a second ("Benchmarking machine"):
// a figure for its performance category's throttling, which no audit reads
// (test_browser.py: test_lighthouse_s_machine_benchmark_is_read_by_no_audit). It is left out,
// and each page's report says so (-1 as its benchmarkIndex). The function is sent to the page
// as its source text: it names nothing of this file.
const {pageFunctions} = await load('lighthouse/core/lib/page-functions.js');
pageFunctions.computeBenchmarkIndex = () => -1;

function summary(lhr) {
	const broken = Object.entries(lhr.audits).filter(([, audit]) => audit.scoreDisplayMode === 'error');
	if (broken.length) { // a category without a score: say which audits could not run, and why
		return {error: broken.map(([id, audit]) => `${id}: ${audit.errorMessage}`).join('\n')};
	}
	const scores = {};
	const failed = {};
	for (const name of categories) {
		scores[name] = lhr.categories[name].score;
		failed[name] = lhr.categories[name].auditRefs
			.filter(ref => (ref.weight || 0) > 0 && (lhr.audits[ref.id].score || 0) < 1)
			.map(ref => ref.id);
	}
	return {scores, failed, benchmarkIndex: lhr.environment.benchmarkIndex};
}

async function runAll(queue, results) {
	const chrome = await chromeLauncher.launch({
		chromePath: process.env.CHROME_PATH,
		chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
	});
	try {
		for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
			try {
				// No full-page screenshot: Lighthouse takes one for its HTML report's pictures
				// of elements whatever the categories, and no audit scores it.
				const flags = {
					port: chrome.port, logLevel: 'silent', onlyCategories: categories,
					disableFullPageScreenshot: true,
				};
				const run = await lighthouse(url, flags, desktop);
				const errors = run.lhr.runtimeError;
				results[url] = errors ? {error: `${errors.code}: ${errors.message}`} : summary(run.lhr);
			} catch (error) {
				results[url] = {error: String((error && error.stack) || error)};
			}
		}
	} finally {
		await chrome.kill();
	}
}

const results = {};
await runAll([...urls], results);
process.stdout.write(JSON.stringify(results));
