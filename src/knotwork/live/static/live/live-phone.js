/* The patient's phone during live feedback. Plain JS, no framework.
 *
 * Every event gets the next sequence number and stays in the outbox (kept in localStorage, so a
 * reload keeps numbering) until the server acknowledges it; acks come only after the event is
 * written. On every (re)connect the server first sends what it has ("upto"), and the phone
 * resends the rest in order. Pings every 500 ms (with the phone's clock, so the server can time
 * each tap when it was made, even one sent late) let the therapist's screen see the phone alive;
 * the server answers each, and when its answers stop (or the browser says it is offline) the
 * phone says so: its taps wait in the outbox and go out when it is back.
 */
(function () {
  "use strict";
  const root = document.getElementById("live-phone");
  if (!root) return;
  const statusBox = document.getElementById("phone-status");
  const sentBox = document.getElementById("phone-sent");
  const storeKey = "knotwork-live-outbox-" + root.dataset.live;
  // Close codes that mean "do not come back": invalid, forbidden, another phone, ended.
  const FINAL = new Set([4401, 4403, 4409, 4410]);
  const PING_MS = 500;
  // No answer for this long: the connection is gone even if the socket has not noticed yet.
  const SILENT_MS = 2000;
  const OFFLINE = "Offline: your taps will be sent when you're back";
  let lastHeard = 0;
  let offline = false;

  function deviceId() {
    let id = localStorage.getItem("knotwork-live-device");
    if (!id) {
      // crypto.getRandomValues works on plain-http clinic networks, unlike randomUUID.
      const bytes = crypto.getRandomValues(new Uint8Array(18));
      id = btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      localStorage.setItem("knotwork-live-device", id);
    }
    return id;
  }

  function loadOutbox() {
    try {
      const saved = JSON.parse(localStorage.getItem(storeKey) || "null");
      if (saved && Number.isInteger(saved.next) && Array.isArray(saved.unacked)) return saved;
    } catch (e) { /* A damaged entry starts a fresh outbox. */ }
    return { next: 1, unacked: [] };
  }

  const outbox = loadOutbox();
  const save = () => localStorage.setItem(storeKey, JSON.stringify(outbox));
  let socket = null;
  let ready = false;
  let finished = false;
  let retryMs = 250;
  let pinger = null;

  function setStatus(text, kind) {
    statusBox.textContent = text;
    statusBox.className = "phone-status " + kind;
  }

  function ping() {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "ping", at: Date.now() }));
    }
  }

  function showOffline(now) {
    if (finished) return;
    const silent = ready && now - lastHeard > SILENT_MS;
    const down = navigator.onLine === false || silent;
    if (down && !offline) {
      offline = true;
      setStatus(OFFLINE, "offline");
      // A socket that stopped answering is closed, so the reconnect loop takes over.
      if (silent && socket) socket.close();
    } else if (!down && offline && ready) {
      offline = false;
      setStatus("Connected to your therapist", "connected");
    }
  }

  function transmit(payload) {
    if (ready && socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  }

  function acked(seq, upto) {
    outbox.unacked = outbox.unacked.filter((p) => p.seq !== seq && p.seq > upto);
    save();
  }

  function send(type, value) {
    if (finished) return;
    const payload = { type: type, seq: outbox.next, sent_at: Date.now() };
    if (type === "discomfort") payload.value = value;
    outbox.next += 1;
    outbox.unacked.push(payload);
    save();
    transmit(payload);
    const what = type === "discomfort" ? String(value) : type.toUpperCase();
    sentBox.textContent = offline ? "Kept: " + what + " (sent when you're back)" : "Sent: " + what;
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.ws + "?device=" + encodeURIComponent(deviceId()));
    ready = false;
    setStatus("Connecting…", "connecting");
    socket.onmessage = (message) => {
      const data = JSON.parse(message.data);
      lastHeard = Date.now();
      if (data.type === "pong") {
        showOffline(lastHeard);
        return;
      }
      if (data.type === "ack") {
        acked(data.seq, data.upto);
        if (!ready) {
          // The first ack says what the server holds; resend everything else, oldest first.
          ready = true;
          retryMs = 250;
          offline = false;
          setStatus("Connected to your therapist", "connected");
          // The clock first, so taps kept while offline are timed when they were made.
          ping();
          outbox.unacked.forEach(transmit);
        } else if (data.missing && data.missing.length) {
          outbox.unacked.filter((p) => data.missing.includes(p.seq)).forEach(transmit);
        }
      } else if (data.type === "refused") {
        finished = FINAL.has(data.code);
        setStatus(data.reason, "refused");
      } else if (data.type === "error") {
        sentBox.textContent = "Not sent: " + data.reason;
      }
    };
    socket.onclose = (event) => {
      ready = false;
      if (finished || FINAL.has(event.code)) {
        finished = true;
        if (!statusBox.classList.contains("refused")) setStatus("Live feedback has ended.", "refused");
        return;
      }
      setStatus(offline || navigator.onLine === false ? OFFLINE : "Reconnecting…", offline || navigator.onLine === false ? "offline" : "connecting");
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 2000);
    };
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-send]");
    if (!button) return;
    const type = button.dataset.send;
    if (type === "discomfort") {
      root.querySelectorAll(".scale .selected").forEach((b) => b.classList.remove("selected"));
      button.classList.add("selected");
      send(type, parseInt(button.dataset.value, 10));
    } else {
      send(type);
    }
    if (type === "stop" && navigator.vibrate) navigator.vibrate(200);
  });

  pinger = setInterval(() => {
    if (ready) ping();
    showOffline(Date.now());
  }, PING_MS);
  window.addEventListener("offline", () => showOffline(Date.now()));
  window.addEventListener("online", () => showOffline(Date.now()));
  window.addEventListener("pagehide", () => clearInterval(pinger));
  connect();
})();
