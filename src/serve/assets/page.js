// trame serve: the page's behaviour. Plain script, no build chain, no
// resource from elsewhere. The page works from the server's HTML; this
// script swaps fragments when the project changes, sends the buttons'
// requests and the returned files, and filters the matrix.
"use strict";
(function () {
  const $ = (selector) => document.querySelector(selector);
  const etat = $("#etat");
  const avancement = $("#avancement");
  const annonce = $("#annonce");
  let version = Number(etat.dataset.version);

  // Every change goes through POST with this header, which another site
  // cannot send: the server refuses POSTs without it.
  async function post(url, body) {
    try {
      const r = await fetch(url, {
        method: "POST",
        headers: { "X-Trame": "1" },
        body: body,
        credentials: "same-origin",
      });
      return { ok: r.ok, html: await r.text() };
    } catch (e) {
      return {
        ok: false,
        html: '<p class="message erreur" role="alert">La page ne joint plus trame : la commande « trame serve » est-elle toujours lancée ?</p>',
      };
    }
  }

  function dire(html) {
    annonce.innerHTML = html;
    $("#bandeau").hidden = false;
  }

  // Swaps in the current state, keeping open previews and the focus.
  async function rafraichir() {
    const ouverts = Array.from(document.querySelectorAll("details.apercu[open]"))
      .map((d) => d.dataset.document);
    const actif = document.activeElement;
    const cle = actif && etat.contains(actif) && actif.dataset
      ? [actif.dataset.action, actif.dataset.document] : null;
    const [e, l] = await Promise.all([fetch("/fragments/etat"), fetch("/fragments/livraisons")]);
    if (e.ok) {
      etat.innerHTML = await e.text();
      const v = Number(e.headers.get("X-Trame-Version"));
      if (v) { version = Math.max(version, v); }
      etat.dataset.version = version;
      for (const d of etat.querySelectorAll("details.apercu")) {
        if (ouverts.includes(d.dataset.document)) { d.open = true; }
      }
      if (cle) {
        for (const b of etat.querySelectorAll("[data-action]")) {
          if (b.dataset.action === cle[0] && b.dataset.document === cle[1]) { b.focus(); break; }
        }
      }
    }
    if (l.ok) { $("#liste-livraisons").innerHTML = await l.text(); }
  }

  // Live channel: progress, and a new version after each check or build.
  const source = new EventSource("/evenements");
  source.onmessage = (m) => {
    const d = JSON.parse(m.data);
    const texte = d.travail || (d.verification ? "Vérification du projet…" : "");
    if (avancement.textContent !== texte) { avancement.textContent = texte; }
    avancement.classList.toggle("actif", texte !== "");
    $("#bandeau").hidden = texte === "" && annonce.textContent.trim() === "";
    if (d.version !== version) {
      version = d.version;
      rafraichir();
    }
  };

  document.addEventListener("click", async (ev) => {
    const b = ev.target.closest("button[data-action]");
    if (!b) { return; }
    const action = b.dataset.action;
    if (action === "produire") {
      const doc = b.dataset.document;
      b.disabled = true;
      dire('<p class="message" role="status">Production en cours…</p>');
      const r = await post("/produire" + (doc ? "?document=" + encodeURIComponent(doc) : ""));
      b.disabled = false;
      dire(r.html);
      rafraichir();
    } else if (action === "redline") {
      b.disabled = true;
      dire('<p class="message" role="status">Comparaison en cours…</p>');
      const r = await post("/redline?contre=" + encodeURIComponent(b.dataset.etiquette));
      b.disabled = false;
      dire(r.html);
      rafraichir();
    } else if (action === "vider") {
      const r = await post("/relecture/vider");
      $("#matrice").innerHTML = r.html;
      $("#message-relecture").textContent = "Fichiers relus retirés.";
    } else if (action === "fermer") {
      annonce.innerHTML = "";
      if (!avancement.textContent) { $("#bandeau").hidden = true; }
    }
  });

  // Returned files: sent one by one, each read by the server.
  async function envoyer(fichiers) {
    const message = $("#message-relecture");
    const erreurs = [];
    for (const f of fichiers) {
      message.textContent = "Lecture de « " + f.name + " »…";
      const r = await post("/relecture?nom=" + encodeURIComponent(f.name), f);
      if (r.ok) {
        $("#matrice").innerHTML = r.html;
        filtrer();
      } else {
        erreurs.push(r.html);
      }
    }
    if (erreurs.length) {
      message.innerHTML = erreurs.join("");
    } else {
      message.textContent = fichiers.length > 1
        ? fichiers.length + " fichiers relus ajoutés à la matrice."
        : "« " + fichiers[0].name + " » ajouté à la matrice.";
    }
  }
  const choix = $("#fichiers-relus");
  choix.addEventListener("change", () => {
    const fichiers = Array.from(choix.files);
    choix.value = "";
    if (fichiers.length) { envoyer(fichiers); }
  });
  const depot = $("#depot");
  depot.addEventListener("dragover", (ev) => { ev.preventDefault(); depot.classList.add("survol"); });
  depot.addEventListener("dragleave", () => depot.classList.remove("survol"));
  depot.addEventListener("drop", (ev) => {
    ev.preventDefault();
    depot.classList.remove("survol");
    const fichiers = Array.from(ev.dataTransfer.files);
    if (fichiers.length) { envoyer(fichiers); }
  });

  // Matrix filters: rows whose data-* match every chosen value.
  function filtrer() {
    const choisis = {};
    for (const s of document.querySelectorAll("select[data-filtre]")) {
      if (s.value) { choisis[s.dataset.filtre] = s.value; }
    }
    for (const tr of document.querySelectorAll("#table-matrice tbody tr")) {
      tr.hidden = !Object.entries(choisis).every(([k, v]) => tr.dataset[k] === v);
    }
  }
  document.addEventListener("change", (ev) => {
    if (ev.target.matches("select[data-filtre]")) { filtrer(); }
  });

  $("#nouvelle-livraison").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const champ = $("#etiquette");
    const bouton = ev.target.querySelector("button");
    bouton.disabled = true;
    dire('<p class="message" role="status">Enregistrement de la livraison…</p>');
    const r = await post("/livraisons?etiquette=" + encodeURIComponent(champ.value.trim()));
    bouton.disabled = false;
    dire(r.html);
    if (r.ok) { champ.value = ""; }
    rafraichir();
  });

  // A preview page that does not exist (a short document) is hidden.
  document.addEventListener("error", (ev) => {
    if (ev.target.tagName === "IMG") { ev.target.hidden = true; }
  }, true);
})();
