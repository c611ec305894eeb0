// The search page (/search/): queries the site's Pagefind bundles in the browser.
// One bundle per year (pagefind/<YYYY>/, see newsroom.site.search): the newest is loaded,
// the others merged into it. Without JavaScript or without an index the form stays hidden
// and the page's archive links are the way in.

const PAGE = 20; // results shown at a time

const form = document.querySelector("form.search-form");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");

async function openIndex() {
  const index = form.dataset.searchIndex;
  const baseUrl = form.dataset.baseUrl;
  const years = form.dataset.searchYears.split(" ").filter(Boolean);
  for (const [i, year] of years.entries()) {
    let pagefind;
    try {
      pagefind = await import(`${index}${year}/pagefind.js`);
      await pagefind.options({ baseUrl });
    } catch {
      continue; // this year has no bundle: try the next one as the primary
    }
    for (const other of years.slice(i + 1)) {
      try {
        await pagefind.mergeIndex(`${index}${other}/`, { baseUrl });
      } catch {
        // a year without its bundle is left out of the search, not the whole search
      }
    }
    return pagefind;
  }
  return null;
}

// The excerpt is Pagefind's HTML with <mark> around the matches: only text and marks are kept.
function excerpt(html) {
  const p = document.createElement("p");
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body;
  for (const node of parsed.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      p.append(mark);
    } else {
      p.append(node.textContent);
    }
  }
  return p;
}

function resultItem(data) {
  const li = document.createElement("li");
  const heading = document.createElement("h2");
  heading.className = "result-title";
  const link = document.createElement("a");
  link.href = data.meta.url || data.url; // the item's page (see newsroom.site.search.document)
  link.textContent = data.meta.title || link.href;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "meta";
  meta.textContent = [data.meta.date, data.meta.theme].filter(Boolean).join(" · ");
  li.append(heading, meta, excerpt(data.excerpt));
  return li;
}

function plural(count) {
  return `${count} result${count === 1 ? "" : "s"}`;
}

async function main() {
  const pagefind = await openIndex();
  if (pagefind === null) {
    status.textContent =
      "Search is not available on this copy of the site. Browse the archives below.";
    return;
  }
  form.hidden = false;
  let results = [];
  let shown = 0;
  let latest = 0;
  const more = document.createElement("button");
  more.type = "button";
  more.className = "search-more";
  more.textContent = "Show more results";
  more.hidden = true;
  list.after(more);

  async function show() {
    const page = results.slice(shown, shown + PAGE);
    const data = await Promise.all(page.map((result) => result.data()));
    list.append(...data.map(resultItem));
    shown += page.length;
    more.hidden = shown >= results.length;
  }

  async function search(query) {
    const mine = ++latest;
    const url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      more.hidden = true;
      return;
    }
    const found = await pagefind.search(query);
    if (mine !== latest) return; // a newer query is on its way
    results = found.results;
    shown = 0;
    list.replaceChildren();
    await show();
    if (mine !== latest) return;
    status.textContent = results.length
      ? `${plural(results.length)} for “${query}”.`
      : `No results for “${query}”. Try other words, or browse the archives below.`;
  }

  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value.trim()), 300);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value.trim());
  });
  more.addEventListener("click", async () => {
    const first = shown;
    await show();
    list.children[first]?.querySelector("a")?.focus(); // on to the first new result
  });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    await search(query.trim());
  }
}

main();
