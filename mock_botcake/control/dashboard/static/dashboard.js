// The dashboard's live refresh, page selection and copy buttons.
//
// The server renders (and escapes) every panel; this script never builds HTML from data. About once a
// second it asks /_mock/ui/live for the panels (an ETag makes "nothing new" a bodiless 304) and swaps
// in only the panels whose HTML changed, keeping each chat's scroll, or its bottom when the reader
// was following the latest messages.
"use strict";

(function () {
  const live = document.getElementById("live");
  const status = document.getElementById("live-status");
  const pollMs = Number(live.dataset.pollMs) || 1000;
  let etag = live.dataset.etag || null; // the panels' ETag as the page was served
  let rendered = panelMarkup(live);

  function panelMarkup(root) {
    const markup = new Map();
    for (const panel of root.querySelectorAll("[data-panel]")) markup.set(panel.dataset.panel, panel.outerHTML);
    return markup;
  }

  function sameKeys(a, b) {
    const keys = [...b.keys()];
    return a.size === b.size && [...a.keys()].every((key, i) => key === keys[i]);
  }

  // --- live refresh -------------------------------------------------------------------------------

  async function poll() {
    try {
      const response = await fetch(live.dataset.liveUrl, {
        cache: "no-store",
        headers: etag ? { "If-None-Match": etag } : {},
      });
      if (response.status === 200) {
        etag = response.headers.get("ETag");
        swap(await response.text());
        setStatus("live", "live");
      } else if (response.status === 304) {
        setStatus("live", "live");
      } else {
        setStatus("error", "server answered " + response.status);
      }
    } catch (error) {
      setStatus("error", "server unreachable");
    }
    // A tab in the background needs no second-by-second view: it catches up when shown again.
    setTimeout(poll, document.hidden ? pollMs * 5 : pollMs);
  }

  function swap(html) {
    // The markup comes from the server's autoescaping templates, parsed inert (DOMParser runs no script).
    const fresh = new DOMParser().parseFromString(html, "text/html").body;
    const next = panelMarkup(fresh);
    const scrolls = saveScrolls(live);
    if (!sameKeys(next, rendered)) {
      live.replaceChildren(...fresh.childNodes); // pages came or went: the layout itself changed
    } else {
      const current = new Map([...live.querySelectorAll("[data-panel]")].map((p) => [p.dataset.panel, p]));
      for (const panel of fresh.querySelectorAll("[data-panel]")) {
        if (next.get(panel.dataset.panel) !== rendered.get(panel.dataset.panel)) {
          current.get(panel.dataset.panel).replaceWith(panel);
        }
      }
    }
    rendered = next;
    restoreScrolls(live, scrolls);
    showSelectedPage();
  }

  function scrollKey(element) {
    const thread = element.closest(".thread");
    const panel = element.closest("[data-panel]");
    const psid = thread && thread.querySelector(".psid");
    return (panel ? panel.dataset.panel : "") + "\u0000" + (psid ? psid.textContent : "");
  }

  function saveScrolls(root) {
    const saved = new Map();
    for (const element of root.querySelectorAll("[data-keep-scroll]")) {
      const atBottom = element.scrollTop + element.clientHeight >= element.scrollHeight - 4;
      saved.set(scrollKey(element), { top: element.scrollTop, atBottom });
    }
    return saved;
  }

  function restoreScrolls(root, saved) {
    for (const element of root.querySelectorAll("[data-keep-scroll]")) {
      const before = saved.get(scrollKey(element));
      element.scrollTop = !before || before.atBottom ? element.scrollHeight : before.top;
    }
  }

  function setStatus(state, text) {
    status.dataset.state = state;
    const label = status.querySelector(".label");
    // UTC, like every time on the page (the sends' and the journal's received_at).
    const shown = state === "live" ? "live · " + new Date().toISOString().slice(11, 19) + " UTC" : text;
    if (label.textContent !== shown) label.textContent = shown;
  }

  // --- which page is shown --------------------------------------------------------------------------

  function selectedPage() {
    const match = /^#page=(.*)$/.exec(location.hash);
    const wanted = match ? decodeURIComponent(match[1]) : null;
    const views = [...live.querySelectorAll(".page-view")];
    const found = views.find((view) => view.dataset.page === wanted);
    return found ? wanted : views.length ? views[0].dataset.page : null;
  }

  function showSelectedPage() {
    const page = selectedPage();
    for (const element of live.querySelectorAll(".page-view, .page-card")) {
      element.classList.toggle("selected", element.dataset.page === page);
    }
  }

  // --- copy buttons -------------------------------------------------------------------------------

  async function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch (error) {
        // Permission refused (e.g. an embedded view): fall back to a selection copy below.
      }
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.append(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    return copied;
  }

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    const copied = await copy(button.dataset.copy);
    button.textContent = copied ? "Copied" : "Copy failed";
    button.classList.toggle("done", copied);
    setTimeout(() => {
      button.textContent = "Copy";
      button.classList.remove("done");
    }, 1500);
  });

  window.addEventListener("hashchange", showSelectedPage);
  document.body.classList.add("scripted");
  showSelectedPage();
  restoreScrolls(live, new Map());
  setStatus("live", "live");
  setTimeout(poll, pollMs);
})();
