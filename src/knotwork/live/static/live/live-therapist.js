/* The therapist's live screen. Plain JS, no framework.
 *
 * Shows the phone's events as they come: the current discomfort coloured against the target
 * window, the hold timer of the trigger point being worked (30-90 s guidance), the last minute as
 * a sparkline, STOP across the top at once, and "patient disconnected" when the phone has been
 * silent for 1.5 s (it pings every 500 ms) or its socket closed.
 */
(function () {
  "use strict";
  const root = document.getElementById("live-screen");
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const SILENT_MS = 1500;
  const TREND_S = 60;
  // The window and the hold guidance come from the server (live.presenters.targets), in the
  // page's JSON script element and again in the socket's first state; none is repeated here.
  const targets = JSON.parse($("live-targets").textContent);
  let [low, high] = targets.window;
  let hold = targets.hold;
  let plan = JSON.parse(($("live-plan") || { textContent: "[]" }).textContent);
  let currentPoint = null;
  let holdStart = null;
  let holdStopped = false;
  let lastSeen = 0;
  let phoneConnected = false;
  let socket = null;
  let retryMs = 250;
  let ended = false;
  const seen = new Set();
  const trend = []; // [time ms, value]

  function zone(value) {
    if (value < low) return "below";
    return value <= high ? "in_window" : "above";
  }

  function showDiscomfort(value) {
    const box = $("discomfort");
    box.textContent = String(value);
    box.className = "discomfort " + zone(value);
  }

  function drawTrend() {
    const now = Date.now();
    while (trend.length && now - trend[0][0] > TREND_S * 1000) trend.shift();
    const svg = $("trend");
    const y = (v) => 40 - v * 4;
    const band = svg.querySelector(".band");
    band.setAttribute("y", y(high));
    band.setAttribute("height", (high - low) * 4);
    const points = trend.map(([t, v]) => `${(120 - ((now - t) / 1000) * 2).toFixed(1)},${y(v)}`);
    // A single rating still shows: a short flat stroke at its height.
    if (points.length === 1) points.unshift(points[0].replace(/^[^,]+/, (x) => String(parseFloat(x) - 2)));
    svg.querySelector(".line").setAttribute("points", points.join(" "));
  }

  function logEvent(text, cls, at) {
    const item = document.createElement("li");
    item.textContent = new Date(at || Date.now()).toLocaleTimeString() + "  " + text;
    if (cls) item.className = cls;
    const list = $("events");
    list.prepend(item);
    while (list.children.length > 200) list.lastChild.remove();
  }

  function setPresence(connected) {
    phoneConnected = connected;
    const box = $("presence");
    if (connected) {
      box.textContent = "Patient's phone connected";
      box.className = "presence connected";
    } else {
      box.textContent = "Patient disconnected";
      box.className = "presence disconnected";
    }
  }

  function startHold(point, label) {
    currentPoint = point;
    $("trigger-point").textContent = label || point || "No trigger point chosen";
    holdStart = point ? Date.now() : null;
    holdStopped = false;
  }

  function tick() {
    const box = $("hold");
    if (holdStart !== null && !holdStopped) {
      const s = Math.floor((Date.now() - holdStart) / 1000);
      box.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
      box.className = "hold " + (s < hold[0] ? "building" : s <= hold[1] ? "in_range" : "past_range");
    }
    if (phoneConnected && Date.now() - lastSeen > SILENT_MS) setPresence(false);
    drawTrend();
  }

  function onPatient(data) {
    if (seen.has(data.seq)) return; // A resend that crossed a reconnect: shown once.
    seen.add(data.seq);
    lastSeen = Date.now();
    if (!phoneConnected) setPresence(true);
    if (data.kind === "discomfort") {
      showDiscomfort(data.value);
      trend.push([Date.now(), data.value]);
      logEvent("discomfort " + data.value);
    } else if (data.stop) {
      $("stop-alert").hidden = false;
      holdStopped = true;
      $("hold").classList.add("stopped");
      logEvent("STOP", "stop");
    } else {
      $("last-signal").textContent = "· patient: " + data.kind;
      logEvent(data.kind);
    }
  }

  function onMessage(data) {
    if (data.type === "patient") onPatient(data);
    else if (data.type === "heartbeat") {
      lastSeen = Date.now();
      if (!phoneConnected) setPresence(true);
    } else if (data.type === "presence") {
      if (data.phone === "connected") lastSeen = Date.now();
      setPresence(data.phone === "connected");
    } else if (data.type === "state") {
      low = data.window[0]; high = data.window[1]; hold = data.hold;
      plan = data.plan.map((p) => p[0]);
      if (data.trigger_point && data.trigger_point !== currentPoint) startHold(data.trigger_point, data.trigger_point_label);
      const now = Date.now();
      trend.length = 0;
      data.trend.slice().reverse().forEach(([ago, v]) => trend.push([now - ago * 1000, v]));
      // The events so far, from the record (a reload or a reconnect shows them again).
      if (data.events) {
        $("events").replaceChildren();
        data.events.forEach((e) => {
          if (e.seq) seen.add(e.seq);
          logEvent(e.text, e.cls, e.at);
        });
      }
      refreshSummary();
    } else if (data.type === "therapist") {
      if (data.kind === "next_trigger_point") {
        startHold(data.trigger_point, data.trigger_point_label);
        $("hold").classList.remove("stopped");
        logEvent("next trigger point: " + data.trigger_point_label);
      } else if (data.kind === "release_felt") {
        holdStopped = true;
        logEvent("release felt");
      }
      refreshSummary();
    } else if (data.type === "ended") {
      ended = true;
      location.reload();
    } else if (data.type === "refused") {
      ended = true;
      $("presence").textContent = data.reason;
      $("presence").className = "presence disconnected";
    } else if (data.type === "error") {
      logEvent("refused: " + data.reason);
    }
  }

  // The per trigger point record, re-read from the server after each therapist command (its
  // row is written before the command reaches this screen). A newer answer replaces an older.
  let summaryAsked = 0;
  function refreshSummary() {
    const box = $("live-summary");
    if (!box) return;
    const asked = ++summaryAsked;
    fetch(box.dataset.url, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then((response) => (response.ok ? response.text() : null))
      .then((html) => {
        if (html !== null && asked === summaryAsked) box.innerHTML = html;
      })
      .catch(() => {});
  }

  function command(payload) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  }

  function nextPoint() {
    const select = $("next-point");
    // Follow the session plan: the point after the current one, else what is selected.
    const at = plan.indexOf(currentPoint);
    if (plan.length && at + 1 < plan.length && select.value === currentPoint) return plan[at + 1];
    return select.value;
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.dismissStop !== undefined) $("stop-alert").hidden = true;
    if (button.dataset.command === "release_felt") command({ type: "release_felt" });
    if (button.dataset.command === "next_trigger_point") {
      const point = nextPoint();
      if (!point) return;
      command({ type: "next_trigger_point", trigger_point: point });
      const select = $("next-point");
      const at = plan.indexOf(point);
      if (at >= 0 && at + 1 < plan.length) select.value = plan[at + 1];
    }
  });

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.ws);
    socket.onopen = () => { retryMs = 250; };
    socket.onmessage = (message) => onMessage(JSON.parse(message.data));
    socket.onclose = (event) => {
      if (ended || event.code >= 4400) return;
      $("presence").textContent = "Connection to the server lost; reconnecting…";
      $("presence").className = "presence disconnected";
      phoneConnected = false;
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 2000);
    };
  }

  setInterval(tick, 250);
  connect();
})();
