// Chainlit's sign-in form has no sign-up link: add one to our sign-up page (accounts are never made by signing in).
(function () {
  function addLink() {
    const form = document.querySelector("form");
    const password = document.querySelector("#password");
    if (!form || !password || document.querySelector("#altoc-signup-link")) return;
    const hint = document.createElement("p");
    hint.id = "altoc-signup-hint";
    hint.style.fontSize = "0.9rem";
    hint.style.marginTop = "0.75rem";
    hint.style.textAlign = "center";
    hint.append("New here? ");
    const link = document.createElement("a");
    link.id = "altoc-signup-link";
    link.href = "/altoc/sign-up";
    link.textContent = "Create an account";
    link.style.textDecoration = "underline";
    hint.append(link);
    form.appendChild(hint);
  }
  new MutationObserver(addLink).observe(document.documentElement, { childList: true, subtree: true });
})();
