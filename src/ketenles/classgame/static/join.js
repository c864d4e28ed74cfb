// Join a game with its code; the server sets the player's cookie and the player page takes over.
(function () {
  const K = window.KETENSPEL;
  const form = document.getElementById("join");
  const status = document.getElementById("status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const code = document.getElementById("code").value.trim().toUpperCase();
    const name = document.getElementById("name").value.trim();
    const response = await fetch(K.base + "api/join", {
      method: "POST", headers: {"Content-Type": "application/json", "X-XSRFToken": K.xsrf},
      body: JSON.stringify({code: code, name: name}), credentials: "same-origin"});
    const data = await response.json();
    if (!response.ok) { status.textContent = data.error; return; }
    window.location.href = K.base + "spel/" + data.code;
  });
})();
