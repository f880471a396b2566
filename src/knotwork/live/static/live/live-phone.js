/* The patient's phone during live feedback. Plain JS, no framework.
 *
 * Every event gets the next sequence number and stays in the outbox (kept in localStorage, so a
 * reload keeps numbering) until the server acknowledges it; acks come only after the event is
 * written. On every (re)connect the server first sends what it has ("upto"), and the phone
 * resends the rest in order. Pings every 500 ms let the therapist's screen see the phone alive.
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
    sentBox.textContent = type === "discomfort" ? "Sent: " + value : "Sent: " + type.toUpperCase();
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.ws + "?device=" + encodeURIComponent(deviceId()));
    ready = false;
    setStatus("Connecting…", "connecting");
    socket.onmessage = (message) => {
      const data = JSON.parse(message.data);
      if (data.type === "ack") {
        acked(data.seq, data.upto);
        if (!ready) {
          // The first ack says what the server holds; resend everything else, oldest first.
          ready = true;
          retryMs = 250;
          setStatus("Connected to your therapist", "connected");
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
      setStatus("Reconnecting…", "connecting");
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
    if (ready && socket.readyState === WebSocket.OPEN) socket.send("ping");
  }, PING_MS);
  window.addEventListener("pagehide", () => clearInterval(pinger));
  connect();
})();
