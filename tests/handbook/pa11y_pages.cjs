// pa11y on many pages with one browser (pa11y's command line starts a Chromium per page).
// Usage: node pa11y_pages.cjs <pa11y's node_modules> <config.json> <url>...
// Prints {url: [issue, ...] | {"error": message}} as JSON, the issues as pa11y's JSON
// reporter gives them; the options are the config file's, as with `pa11y --config`.
'use strict';

const path = require('path');

const [modules, configPath, ...urls] = process.argv.slice(2);
const pa11y = require(path.join(modules, 'pa11y'));
const puppeteer = require(path.join(modules, 'puppeteer'));
const config = require(path.resolve(configPath));
const AT_ONCE = 2; // pages audited side by side: one per core

async function audit(browser, page, url) {
	try {
		return (await pa11y(url, {...config, browser, page})).issues;
	} catch (error) {
		return {error: String((error && error.stack) || error)};
	}
}

async function main() {
	const browser = await puppeteer.launch(config.chromeLaunchConfig);
	const results = {};
	const queue = [...urls];
	// Each lane audits its pages in one tab: every audit opens its page anew in it, and a tab
	// less to make per page is a renderer less to start.
	const worker = async () => {
		const page = await browser.newPage();
		for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
			results[url] = await audit(browser, page, url);
		}
		await page.close();
	};
	try {
		await Promise.all(Array.from({length: AT_ONCE}, worker));
	} finally {
		await browser.close();
	}
	process.stdout.write(JSON.stringify(results));
}

main().catch(error => {
	console.error(error.stack || error);
	process.exit(1);
});
