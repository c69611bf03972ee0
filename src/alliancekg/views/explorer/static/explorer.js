// The explorer's progressive enhancements: every page works without this file.
//   - search as you type (the JSON search route, /search?q=...);
//   - the language switch remembers the choice;
//   - the graph view draws an entity's neighbourhood with Cytoscape.js.
(() => {
  "use strict";
  document.documentElement.classList.add("js");
  const lang = document.body.dataset.lang === "en" ? "en" : "ko";
  const other = lang === "ko" ? "en" : "ko";
  const withLang = (url) => (lang === "ko" ? url : `${url}${url.includes("?") ? "&" : "?"}lang=en`);
  const pages = { Alliance: "alliances", Person: "persons" };
  const pageOf = (kind, id) =>
    !kind || kind === "Segment" ? null : `/explore/${pages[kind] || "organizations"}/${encodeURIComponent(id)}`;
  const kinds = {
    ko: { Company: "기업", Alliance: "얼라이언스", Person: "인물", Segment: "부문" },
    en: { Company: "company", Alliance: "alliance", Person: "person", Segment: "segment" },
  };
  const words = {
    ko: { results: (n) => `${n}개 찾음`, none: "찾은 것이 없습니다." },
    en: { results: (n) => `${n} found`, none: "Nothing found." },
  };

  // The language switch: remember the choice, and open pages without ?lang in it.
  try {
    const params = new URLSearchParams(window.location.search);
    if (!params.has("lang") && lang === "ko" && localStorage.getItem("akg-lang") === "en") {
      params.set("lang", "en");
      window.location.replace(`${window.location.pathname}?${params}${window.location.hash}`);
    }
  } catch (e) { /* private mode: no memory */ }
  document.querySelectorAll("a.lang-switch").forEach((a) =>
    a.addEventListener("click", () => {
      try { localStorage.setItem("akg-lang", a.dataset.lang); } catch (e) { /* private mode */ }
    }),
  );

  const element = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  };

  const nameOf = (hit) => {
    const own = lang === "ko" ? hit.name_ko : hit.name_en;
    const alt = lang === "ko" ? hit.name_en : hit.name_ko;
    const main = own || alt || hit.id;
    const mainLang = own ? lang : other;
    const parts = [element("span", { lang: mainLang }, main)];
    if (own && alt && alt !== own) {
      parts.push(" ", element("span", { class: "other-name" }, "· ", element("span", { lang: other }, alt)));
    }
    return parts;
  };

  // Search as you type.
  const input = document.getElementById("q");
  const box = document.getElementById("search-suggestions");
  if (input && box) {
    let timer = null;
    let asked = 0;
    const show = (hits) => {
      const list = element("ul", { class: "suggestion-list" });
      for (const hit of hits) {
        const href = pageOf(hit.kind, hit.id);
        const label = nameOf(hit);
        const kind = element("span", { class: "kind" }, ` ${kinds[lang][hit.kind] || hit.kind || ""}`);
        list.append(element("li", {}, href ? element("a", { href: withLang(href) }, ...label) : element("span", {}, ...label), kind));
      }
      const count = element("p", { class: "count" }, hits.length ? words[lang].results(hits.length) : words[lang].none);
      box.replaceChildren(count, ...(hits.length ? [list] : []));
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        const mine = ++asked;
        if (!q) { box.replaceChildren(); return; }
        try {
          const response = await fetch(`/search?${new URLSearchParams({ q, limit: "10" })}`);
          if (!response.ok || mine !== asked) return;
          show(await response.json());
        } catch (e) { /* the form still works */ }
      }, 150);
    });
  }

  // The graph view.
  const container = document.getElementById("graph");
  const data = document.getElementById("graph-data");
  if (container && data && window.cytoscape) {
    const colours = { Alliance: "#e8590c", Person: "#7048e8", Segment: "#f08c00" };
    const cy = window.cytoscape({
      container,
      elements: JSON.parse(data.textContent),
      style: [
        { selector: "node", style: {
          label: "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4,
          "background-color": (n) => colours[n.data("kind")] || "#1c7ed6", width: 18, height: 18,
          color: "#212529", "text-wrap": "wrap", "text-max-width": "110px",
        } },
        { selector: "node[?center]", style: { width: 30, height: 30, "border-width": 3, "border-color": "#212529", "font-weight": "bold" } },
        { selector: "edge", style: { width: 1.5, "line-color": "#adb5bd", "curve-style": "bezier", "target-arrow-shape": "triangle", "target-arrow-color": "#adb5bd", "arrow-scale": 0.8 } },
        { selector: "edge[type = 'MEMBER_OF']", style: { "line-color": "#868e96", "target-arrow-color": "#868e96" } },
        { selector: "edge[status = 'proposed'], edge[status = 'ended']", style: { "line-style": "dashed" } },
      ],
      // the entity in the middle, what it links to around it, the rest outside
      layout: {
        name: "concentric", concentric: (n) => 3 - n.data("ring"), levelWidth: () => 1,
        minNodeSpacing: 36, padding: 24, animate: false,
      },
      wheelSensitivity: 0.3,
    });
    cy.on("tap", "node", (event) => {
      const url = event.target.data("url");
      if (url && !event.target.data("center")) window.location.href = withLang(url);
    });
    container.dataset.ready = String(cy.nodes().length);
  }
})();
