// The lecturer's page: create a game, control it, and watch every chain live.
(function () {
  const K = window.KETENSPEL;
  const T = (key, values) => (K.texts[key] || key).replace(/\{(\w+)\}/g, (_, k) => (values || {})[k]);
  const $ = (id) => document.getElementById(id);
  const api = K.base + "api/lecturer/games";
  let code = new URLSearchParams(location.search).get("spel");
  let socket = null;

  function pct(x) { return Math.round(100 * x) + "%"; }
  function fmt(x) { return Number(x).toLocaleString("nl-NL", {maximumFractionDigits: 1}); }

  async function post(url, body) {
    const response = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json", "X-XSRFToken": K.xsrf},
                                       body: JSON.stringify(body || {}), credentials: "same-origin"});
    const data = await response.json();
    $("error").textContent = response.ok ? "" : data.error;
    return response.ok ? data : null;
  }

  function cell(row, text, header) {
    const c = header ? document.createElement("th") : row.insertCell();
    if (header) { c.scope = header; row.appendChild(c); }
    c.textContent = text;
  }

  function render(v) {
    $("game").hidden = false;
    $("game-heading").textContent = T("game_heading", {code: v.code, case: v.case});
    $("join-hint").textContent = T("join_hint", {url: location.origin + K.base, code: v.code});
    $("game-status").textContent = T("game_status_" + v.status, {players: v.players.length});
    $("export").href = api + "/" + v.code + "/export";
    // only the controls that can act now are enabled (a disabled button says why by being skipped)
    const allowed = {lobby: ["start", "end"], running: ["pause", "end_round", "end"], paused: ["resume", "end"],
                     ended: []}[v.status] || [];
    document.querySelectorAll("[data-action]").forEach((b) => { b.disabled = !allowed.includes(b.dataset.action); });
    $("players").replaceChildren(...v.players.map((p) => {
      const li = document.createElement("li");
      li.textContent = T("player_line", {name: p.name, chain: p.chain, role: p.role});
      return li;
    }));
    const box = $("overview");
    const tables = v.chains.map((c) => {
      const table = document.createElement("table");
      table.className = "chain";
      table.dataset.chain = c.number;
      table.createCaption().textContent = T("chain_caption", {
        chain: c.number, state: c.finished ? T("chain_finished") : T("chain_round", {round: c.round, moved: c.moved,
        size: c.players.length}), players: c.players.map((p) => p.role + ": " + (p.name || T("kind_computer"))).join(", ")});
      const head = table.createTHead().insertRow();
      ["col_round", "col_cooperation", "col_trust", "col_output", "col_weakest", "col_fined", "col_computer"]
        .forEach((k) => cell(head, T(k), "col"));
      const body = table.createTBody();
      c.rounds.forEach((r) => {
        const row = body.insertRow();
        cell(row, String(r.number), "row");
        cell(row, pct(r.cooperation)); cell(row, pct(r.trust)); cell(row, fmt(r.output));
        cell(row, v.roles[r.weakest_link]); cell(row, String(r.fined)); cell(row, String(r.computer));
      });
      return table;
    });
    box.replaceChildren(...tables);
  }

  function watch(newCode) {
    code = newCode;
    history.replaceState(null, "", K.base + "docent?spel=" + code);
    if (socket) socket.close();
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + api + "/" + code + "/ws";
    socket = new WebSocket(url);
    socket.onmessage = (event) => { const d = JSON.parse(event.data); if (d.type === "overview") render(d.view); };
  }

  $("create").addEventListener("submit", async (event) => {
    event.preventDefault();
    const options = Array.from(document.querySelectorAll(".option:checked")).map((o) => o.value);
    const data = await post(api, {case_id: $("case").value, chain_size: Number($("chain-size").value),
                                  rounds: Number($("rounds").value), options: options,
                                  bot_after: Number($("bot-after").value)});
    if (data) { render(data); watch(data.code); $("game-heading").focus(); }
  });
  document.querySelectorAll("[data-action]").forEach((button) => button.addEventListener("click", async () => {
    const data = await post(api + "/" + code + "/" + button.dataset.action);
    if (data) render(data);
  }));
  $("game-heading").tabIndex = -1;
  if (code) watch(code);
})();
