// The player's page: one form for the move, a table per played round, live over a WebSocket.
(function () {
  const K = window.KETENSPEL;
  const T = (key, values) => (K.texts[key] || key).replace(/\{(\w+)\}/g, (_, k) => (values || {})[k]);
  const $ = (id) => document.getElementById(id);
  const api = K.base + "api/games/" + K.code + "/";
  let view = null;
  let shownRound = null;

  function yesNo(value) { return value ? T("yes") : T("no"); }

  function render(v) {
    view = v;
    const me = v.me, chain = v.chain, game = v.game;
    $("heading").textContent = T("player_heading", {case: game.case});
    $("whoami").textContent = T("whoami", {name: me.name, role: me.role, chain: me.chain}) +
      (me.regisseur ? " " + T("you_regisseur") : "");
    const heading = document.createElement("p");
    heading.textContent = game.options.length ? T("options_heading") : T("options_none");
    const list = document.createElement("ul");
    list.replaceChildren(...game.options.map((o) => {
      const li = document.createElement("li");
      const name = document.createElement("strong");
      name.textContent = o.label + ": ";
      li.append(name, o.help);
      return li;
    }));
    $("options").replaceChildren(heading, ...(game.options.length ? [list] : []));
    if (!chain) { $("status").textContent = T("status_lobby"); $("move").hidden = true; return; }
    const partners = $("partners");
    partners.replaceChildren(...chain.links.map((l) => {
      const li = document.createElement("li");
      li.textContent = l.role + " — " + (l.you ? T("you") : T("kind_" + l.kind)) + (l.regisseur ? " — " + T("regisseur") : "");
      if (l.you) li.className = "you";
      return li;
    }));
    let status;
    if (game.status === "paused") status = T("status_paused");
    else if (chain.finished || game.status === "ended") status = T("status_finished", {total: fmt(chain.total)});
    else if (chain.submitted) status = T("status_waiting", {round: chain.round, waiting: chain.waiting});
    else status = T("status_your_turn", {round: chain.round, rounds: game.rounds});
    if (chain.norm !== null && !chain.finished) status += " " + T("norm_now", {norm: chain.norm});
    $("status").textContent = status;
    const open = game.status === "running" && !chain.finished && !chain.submitted;
    const form = $("move");
    const wasHidden = form.hidden;
    form.hidden = !open;
    if (open) {
      $("move-legend").textContent = T("move_legend", {round: chain.round, rounds: game.rounds});
      $("norm-row").hidden = !me.regisseur;
      $("message-row").hidden = game.messages.length === 0;
      const select = $("message");
      if (select.options.length === 0 && game.messages.length) {
        const none = new Option(T("no_message"), "");
        select.add(none);
        game.messages.forEach((m) => select.add(new Option(m.text, m.key)));
      }
      if (wasHidden || shownRound !== chain.round) { $("error").textContent = ""; }
      const lost = document.activeElement === document.body || document.activeElement === $("status");
      if (wasHidden && lost) $("effort").focus();
    }
    shownRound = chain.round;
    $("total").textContent = T("total", {total: fmt(chain.total)});
    renderResults(chain);
  }

  function fmt(x) { return Number(x).toLocaleString("nl-NL", {maximumFractionDigits: 1}); }

  function renderResults(chain) {
    const box = $("results");
    box.replaceChildren(...chain.history.slice().reverse().map((r) => {
      const table = document.createElement("table");
      table.className = "round";
      table.dataset.round = r.number;
      const cap = table.createCaption();
      cap.textContent = T("round_caption", {round: r.number, output: fmt(r.output), points: fmt(r.points),
                                             weakest: chain.links[r.weakest_link].role});
      const head = table.createTHead().insertRow();
      ["col_role", "col_effort", "col_shared", "col_message", "col_note"].forEach((k) => {
        const th = document.createElement("th"); th.scope = "col"; th.textContent = T(k); head.appendChild(th);
      });
      const body = table.createTBody();
      r.links.forEach((l) => {
        const row = body.insertRow();
        const th = document.createElement("th"); th.scope = "row";
        th.textContent = chain.links[l.seat].role + (l.seat === view.me.seat ? " (" + T("you") + ")" : "");
        row.appendChild(th);
        row.insertCell().textContent = l.intended !== undefined && l.intended !== l.arrived
          ? T("effort_meant", {arrived: l.arrived, intended: l.intended}) : String(l.arrived);
        row.insertCell().textContent = yesNo(l.shared);
        const m = view.game.messages.find((x) => x.key === l.message);
        row.insertCell().textContent = m ? m.text : "";
        const notes = [];
        if (l.misunderstood) notes.push(l.talked_through ? T("talked_through", {effort: l.remembered}) : T("misunderstood"));
        if (!l.received_data) notes.push(T("no_data"));
        if (l.fined) notes.push(T("fined"));
        row.insertCell().textContent = notes.join("; ");
      });
      return table;
    }));
  }

  async function load() {
    const response = await fetch(api + "me", {credentials: "same-origin"});
    const data = await response.json();
    if (!response.ok) { $("error").textContent = data.error; return; }
    render(data);
  }

  $("status").tabIndex = -1;
  $("effort").addEventListener("input", () => { $("effort-value").textContent = $("effort").value; });
  $("move").addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {round: view.chain.round, effort: Number($("effort").value), share: $("share").checked};
    if (view.me.regisseur) body.norm = Number($("norm").value);
    if (view.game.messages.length && $("message").value) body.message = $("message").value;
    $("send").disabled = true;
    try {
      const response = await fetch(api + "me", {method: "POST", headers: {"Content-Type": "application/json", "X-XSRFToken": K.xsrf},
                                                body: JSON.stringify(body), credentials: "same-origin"});
      const data = await response.json();
      if (!response.ok) { $("error").textContent = data.error; return; }
      $("error").textContent = "";
      render(data.view);
      $("status").focus();  // the form hides until the round is played; the status says what happens
    } finally { $("send").disabled = false; }
  });

  function connect() {
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + api + "ws";
    const socket = new WebSocket(url);
    socket.onmessage = (event) => { const data = JSON.parse(event.data); if (data.type === "view") render(data.view); };
    socket.onclose = () => setTimeout(() => { load(); connect(); }, 1000);
  }
  load().then(connect);
})();
