// After django-otp-webauthn's script has registered a passkey, go on to the page that shows
// new recovery codes (or back to two-factor settings): the server has finished the login.
document.addEventListener("otp_webauthn.register_complete", () => {
  const box = document.querySelector("[data-passkey-done]");
  if (box) window.location.assign(box.dataset.passkeyDone);
});
