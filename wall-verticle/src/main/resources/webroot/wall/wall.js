// The live wall: one Server-Sent Event per row from /events; EventSource reconnects by itself (a clock's death,
// a restart of the wall). Everything a clock sent reaches the DOM through textContent only, never as HTML.
"use strict";
(function () {
  const main = document.getElementById("clocks");
  const feed = document.getElementById("feed");
  const cards = new Map();
  const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const STATES = {
    live: "live", connecting: "connecting", stale: "stale", down: "down", invalid: "invalid", flooding: "flooding"
  };
  let lastRowAt = 0;

  function el(tag, cls) {
    const e = document.createElement(tag);
    e.className = cls;
    return e;
  }

  function card(name) {
    let c = cards.get(name);
    if (!c) {
      const root = el("section", "clock");
      const top = el("div", "top");
      const n = el("span", "name");
      n.textContent = name;
      const state = el("span", "state");
      top.append(n, state);
      c = { root, state, label: el("div", "label"), when: el("p", "when"), notes: el("p", "notes"),
        health: el("p", "health") };
      root.setAttribute("data-name", name);
      root.append(top, c.label, c.when, c.notes, c.health);
      cards.set(name, c);
    }
    return c;
  }

  function late(ms) {
    const sign = ms < 0 ? "-" : "+";
    const abs = Math.abs(ms);
    return sign + (abs < 1000 ? abs + "ms" : abs < 10000 ? (Math.floor(abs / 100) / 10).toFixed(1) + "s"
      : Math.floor(abs / 1000) + "s");
  }

  function skew(s) {
    const abs = Math.abs(s);
    const sign = s < 0 ? "-" : "+";
    return sign + (abs < 60 ? abs + "s" : Math.floor(abs / 60) + "m" + String(abs % 60).padStart(2, "0") + "s");
  }

  function utcOffset(offsetMinutes) {
    const abs = Math.abs(offsetMinutes);
    return "UTC" + (offsetMinutes < 0 ? "-" : "+") + String(Math.floor(abs / 60)).padStart(2, "0") + ":"
      + String(abs % 60).padStart(2, "0");
  }

  // 23:00:01 -> 11:00:01 PM when the wall shows a 12-hour clock; any other label as sent
  function shownLabel(label, hours) {
    const m = /^(\d\d):(\d\d:\d\d)$/.exec(label);
    if (hours !== 12 || !m) return label;
    const h = Number(m[1]);
    return (h % 12 === 0 ? 12 : h % 12) + ":" + m[2] + (h < 12 ? " AM" : " PM");
  }

  // The date at a clock. With its zone configured: the wall's date there, its day against the wall's machine
  // (+1d) and the zone. Without: the row's second (UTC) moved by the inferred offset, the day against the viewer's.
  function when(time, c) {
    const offsetMinutes = c.offsetMinutes;
    if (c.zone && c.date) {
      const d = new Date(c.date + "T00:00:00Z");
      return WEEKDAYS[d.getUTCDay()] + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()]
        + (c.dayDiff ? " (" + (c.dayDiff > 0 ? "+" : "") + c.dayDiff + "d)" : "") + " · " + c.zone
        + " · " + utcOffset(offsetMinutes);
    }
    if (offsetMinutes === null || offsetMinutes === undefined) {
      return "UTC offset unknown";
    }
    const t = new Date(Date.parse(time) + offsetMinutes * 60000);
    const here = new Date(Date.parse(time));
    const day = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
    const today = Date.UTC(here.getFullYear(), here.getMonth(), here.getDate());
    const diff = Math.round((day - today) / 86400000);
    const abs = Math.abs(offsetMinutes);
    const offset = "UTC" + (offsetMinutes < 0 ? "-" : "+") + String(Math.floor(abs / 60)).padStart(2, "0") + ":"
      + String(abs % 60).padStart(2, "0");
    return WEEKDAYS[t.getUTCDay()] + " " + t.getUTCDate() + " " + MONTHS[t.getUTCMonth()]
      + (diff === 0 ? "" : " (" + (diff > 0 ? "+" : "") + diff + "d)") + " · " + offset;
  }

  function render(row) {
    lastRowAt = Date.now();
    main.setAttribute("data-hours", row.hours === 12 ? "12" : "24");
    const seen = new Set();
    row.clocks.forEach((c, i) => {
      const k = card(c.name);
      seen.add(c.name);
      const state = STATES[c.state] || "down";
      k.root.setAttribute("data-state", state);
      k.state.textContent = state;
      const shown = c.label !== null && (state === "live" || state === "stale");
      k.label.textContent = shown ? shownLabel(c.label, row.hours) : "--:--:--";
      k.when.textContent = when(row.time, c);
      const notes = [];
      if (c.workHours) notes.push((c.atWork === true ? "at work " : c.atWork === false ? "off hours " : "hours ")
        + c.workHours);
      if (c.dst) notes.push(c.dst);
      k.notes.textContent = notes.join(" · ");
      k.root.setAttribute("data-work", c.atWork === true ? "in" : c.atWork === false ? "out" : "none");
      const parts = [];
      if (c.lateMs !== null && shown) parts.push("late " + late(c.lateMs));
      if (c.lateP99Ms !== null) parts.push("p99 " + late(c.lateP99Ms));
      parts.push(c.reconnects + (c.reconnects === 1 ? " reconnect" : " reconnects"));
      if (c.invalidLines > 0) parts.push(c.invalidLines + " invalid lines");
      k.health.textContent = parts.join(" · ");
      if (c.skewSeconds !== null && shown) {
        const s = el("span", "skew");
        s.textContent = " · skew " + skew(c.skewSeconds);
        k.health.append(s);
      }
      if (main.children[i] !== k.root) main.insertBefore(k.root, main.children[i] || null);
    });
    for (const [name, k] of cards) {
      if (!seen.has(name)) { k.root.remove(); cards.delete(name); }
    }
    feed.setAttribute("data-feed", "live");
    feed.textContent = "live · " + row.time.replace("T", " ").replace("Z", " UTC");
  }

  function connect() {
    const source = new EventSource("events");
    source.onmessage = (e) => {
      try { render(JSON.parse(e.data)); } catch (err) { /* a row we cannot read: wait for the next */ }
    };
    source.onerror = () => {
      feed.setAttribute("data-feed", "lost");
      feed.textContent = "lost the wall, reconnecting…";
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 2000); // a refused stream: try again
    };
  }

  setInterval(() => {
    if (lastRowAt && Date.now() - lastRowAt > 3000 && feed.getAttribute("data-feed") === "live") {
      feed.setAttribute("data-feed", "lost");
      feed.textContent = "no row from the wall for " + Math.round((Date.now() - lastRowAt) / 1000) + " s";
    }
  }, 1000);
  // The last row at once, before the page finishes loading (so a first paint, a print or a DOM dump shows the
  // clocks); then the stream.
  try {
    const first = new XMLHttpRequest();
    first.open("GET", "row", false);
    first.send();
    if (first.status === 200 && first.responseText !== "null") render(JSON.parse(first.responseText));
  } catch (err) { /* the stream will bring it */ }
  connect();
})();
