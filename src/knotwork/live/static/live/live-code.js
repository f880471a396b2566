// The code page sends the phone's stored id with the code, so the phone that joined a live
// session can rejoin it with the code; another phone is refused. (The live page makes the id.)
(function () {
  "use strict";
  const field = document.querySelector('input[name="device"]');
  if (!field) return;
  try {
    field.value = localStorage.getItem("knotwork-live-device") || "";
  } catch (e) { /* No storage: the code joins only a session no phone has joined yet. */ }
})();
