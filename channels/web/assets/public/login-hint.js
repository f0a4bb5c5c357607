// Chainlit's sign-in form has no sign-up link: tell newcomers that their first sign-in creates the account.
(function () {
  function addHint() {
    const form = document.querySelector("form");
    const password = document.querySelector("#password");
    if (!form || !password || document.querySelector("#altoc-signup-hint")) return;
    const hint = document.createElement("p");
    hint.id = "altoc-signup-hint";
    hint.style.fontSize = "0.85rem";
    hint.style.opacity = "0.8";
    hint.style.marginTop = "0.75rem";
    hint.textContent =
      "New here? Enter your email and choose a password of at least 10 characters: " +
      "your account is created when you first sign in.";
    form.appendChild(hint);
  }
  new MutationObserver(addHint).observe(document.documentElement, { childList: true, subtree: true });
})();
