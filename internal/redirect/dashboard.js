"use strict";
// Draws the bars, then reads /dashboard/data every 20 seconds and redraws
// the numbers in place, keeping open the lists a reader opened.
(function () {
  function bars(root) {
    root.querySelectorAll("[data-share]").forEach(function (b) {
      b.style.width = (100 * Number(b.dataset.share)).toFixed(1) + "%";
    });
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function district(d, open) {
    var a = el("article", undefined, "card district");
    a.dataset.key = (d.province || "") + "/" + d.name;
    var h = el("h2", "อำเภอ" + d.name);
    if (d.province) { h.append(" "); h.append(el("small", "จังหวัด" + d.province)); }
    a.append(h);
    var p = el("p");
    p.append("สแกนแล้ว ", el("b", d.reached + "/" + d.units), " หน่วยงาน · ", el("b", d.percent, "pct"));
    a.append(p);
    var bar = el("div", undefined, "bar"), s = el("span");
    s.dataset.share = d.share;
    bar.append(s);
    a.append(bar);
    var follow = d.follow_up || [];
    if (follow.length) {
      var det = el("details"), ul = el("ul");
      det.append(el("summary", "ต้องติดตาม " + follow.length + " หน่วย"));
      follow.forEach(function (u) { var li = el("li", u.name + " "); li.append(el("small", u.code)); ul.append(li); });
      det.append(ul);
      det.open = open;
      a.append(det);
    } else {
      a.append(el("p", "สแกนครบทุกหน่วยแล้ว", "done"));
    }
    return a;
  }
  function draw(data) {
    var t = data.total;
    document.getElementById("t-reached").textContent = t.reached;
    document.getElementById("t-units").textContent = t.units;
    document.getElementById("t-pct").textContent = t.percent;
    document.getElementById("t-bar").dataset.share = t.share;
    document.getElementById("t-scans").textContent = t.scans;
    document.getElementById("t-follow").textContent = data.follow_ups;
    document.getElementById("updated").textContent = data.updated;
    var list = document.getElementById("districts"), opened = {};
    list.querySelectorAll("article").forEach(function (a) {
      var det = a.querySelector("details");
      if (det && det.open) opened[a.dataset.key] = true;
    });
    var fresh = document.createDocumentFragment();
    (data.districts || []).forEach(function (d) {
      fresh.append(district(d, opened[(d.province || "") + "/" + d.name] === true));
    });
    list.replaceChildren(fresh);
    bars(document);
    document.body.dataset.live = "1";
  }
  function poll() {
    fetch("/dashboard/data", { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (r.status === 401) { location.reload(); return; }
      if (!r.ok) throw new Error(r.status);
      return r.json().then(function (data) {
        draw(data);
        document.getElementById("stale").hidden = true;
      });
    }).catch(function () {
      document.getElementById("stale").hidden = false;
    });
  }
  bars(document);
  if (document.getElementById("dash")) {
    poll();
    setInterval(poll, 20000);
  }
})();
