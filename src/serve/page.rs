//! The page, rendered on the server: the frame, and the fragments the
//! script swaps in when the project changes (state, deliveries).

use super::html::{self, Colours, ago, escape};
use super::http::encode;
use super::preview::{self, Previews};
use super::state::{Checked, DocState, Live};
use crate::redline::Delivery;
use std::path::Path;

/// The whole page.
pub fn page(root: &Path, checked: &Checked, live: &Live, previews: &Previews) -> String {
    let title = if checked.title.is_empty() {
        "Projet trame".to_string()
    } else {
        checked.title.clone()
    };
    let folder = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    format!(
        r##"<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>trame — {title}</title>
<link rel="stylesheet" href="/couleurs.css">
<link rel="stylesheet" href="/page.css">
<script src="/page.js" defer></script>
</head>
<body>
<a class="evitement" href="#contenu">Aller au contenu</a>
<header>
<p class="outil">trame</p>
<h1>{title}</h1>
<p class="dossier">Dossier du projet : <code>{folder}</code></p>
<nav aria-label="Parties de la page"><ul>
<li><a href="#problemes">Problèmes</a></li>
<li><a href="#documents">Documents</a></li>
<li><a href="#sources">Sources</a></li>
<li><a href="#relecture">Relecture</a></li>
<li><a href="#livraisons">Livraisons</a></li>
</ul></nav>
</header>
<main id="contenu">
<div id="etat" data-version="{version}">
{state}
</div>
<section id="relecture" aria-labelledby="titre-relecture">
<h2 id="titre-relecture">Relecture</h2>
<p>Déposez les fichiers Word relus (commentaires et modifications suivies) : trame en fait la matrice de résolution, avec pour chaque ligne la source à modifier.</p>
<div id="depot" class="depot">
<p>Glissez-déposez les fichiers dans ce cadre, ou :</p>
<label class="bouton" for="fichiers-relus">Choisir les fichiers .docx relus…</label>
<input type="file" id="fichiers-relus" accept=".docx" multiple>
</div>
<div id="message-relecture" aria-live="polite"></div>
<div id="matrice"><p>Aucun fichier relu pour l'instant.</p></div>
</section>
<section id="livraisons" aria-labelledby="titre-livraisons">
<h2 id="titre-livraisons">Livraisons</h2>
<div id="liste-livraisons">
{deliveries}
</div>
<form id="nouvelle-livraison" class="ligne">
<label for="etiquette">Étiquette de la nouvelle livraison</label>
<input id="etiquette" name="etiquette" required maxlength="64" placeholder="v1" aria-describedby="aide-etiquette">
<button type="submit">Enregistrer la livraison</button>
<p id="aide-etiquette" class="aide">Produit tous les documents et garde la version envoyée, pour en montrer plus tard les différences. Lettres, chiffres, « - », « _ » ou « . ».</p>
</form>
</section>
</main>
<div id="bandeau" role="region" aria-label="Avancement et résultats"{hidden}>
<div id="avancement" class="avancement" role="status" aria-live="polite">{progress}</div>
<div id="annonce" aria-live="polite"></div>
<button type="button" data-action="fermer">Fermer</button>
</div>
<footer><p>Page servie par <code>trame serve</code> sur cet ordinateur ; elle se met à jour à chaque enregistrement d'un classeur ou d'un modèle.</p></footer>
</body>
</html>
"##,
        title = escape(&title),
        folder = escape(&folder.display().to_string()),
        progress = progress_text(live),
        hidden = if progress_text(live).is_empty() {
            " hidden"
        } else {
            ""
        },
        version = live.version,
        state = state(root, checked, live, previews),
        deliveries = deliveries(root, checked),
    )
}

/// The progress line: the running work, or the running check.
pub fn progress_text(live: &Live) -> String {
    match (&live.work, live.checking) {
        (Some(work), _) => escape(work),
        (None, true) => "Vérification du projet…".into(),
        (None, false) => String::new(),
    }
}

/// Problems, documents and sources: what changes when a file is saved.
pub fn state(root: &Path, checked: &Checked, live: &Live, previews: &Previews) -> String {
    let mut out = String::from(
        "<section id=\"problemes\" aria-labelledby=\"titre-problemes\"><h2 id=\"titre-problemes\">Problèmes</h2>",
    );
    if live.version == 0 {
        out.push_str("<p>Première vérification du projet en cours…</p>");
    } else {
        out.push_str(&html::problems(&checked.problems()));
    }
    out.push_str("</section>");
    out.push_str(&documents(root, checked, previews));
    out.push_str(&sources(root, checked));
    out
}

fn documents(root: &Path, checked: &Checked, previews: &Previews) -> String {
    let mut out = String::from(
        "<section id=\"documents\" aria-labelledby=\"titre-documents\"><h2 id=\"titre-documents\">Documents</h2>\
         <p class=\"actions\"><button type=\"button\" data-action=\"produire\">Produire tous les documents</button></p>\
         <div class=\"defile\"><table class=\"documents\"><caption>Documents du projet</caption><thead><tr>\
         <th scope=\"col\">Document</th><th scope=\"col\">Dernière production</th><th scope=\"col\">Pages (estimation)</th>\
         <th scope=\"col\">Tableaux</th><th scope=\"col\">Figures</th><th scope=\"col\">Mots</th>\
         <th scope=\"col\">Problèmes</th><th scope=\"col\">Actions</th></tr></thead><tbody>",
    );
    for d in &checked.documents {
        out.push_str(&document_row(root, d, checked.loaded, previews));
    }
    out.push_str("</tbody></table></div>");
    for d in &checked.documents {
        out.push_str(&preview_of(root, d, previews));
    }
    out.push_str("</section>");
    out
}

fn built_time(root: &Path, output: &str) -> Option<std::time::SystemTime> {
    let path = crate::files::resolve_input(root, output, "document").ok()?;
    std::fs::metadata(path).ok()?.modified().ok()
}

/// One document's row; when the project could not be loaded (`loaded`
/// false), its figures are those of the last successful check.
fn document_row(root: &Path, d: &DocState, loaded: bool, previews: &Previews) -> String {
    let name = escape(&d.name);
    let built = built_time(root, &d.output);
    let figures = |f: fn(&crate::build::Summary) -> usize| {
        d.summary
            .as_ref()
            .map(|s| crate::french::format_integer(f(s) as i64))
            .unwrap_or_else(|| "—".into())
    };
    let problems = match d.problems.len() {
        0 if !loaded => "<a href=\"#problemes\">à vérifier</a>".to_string(),
        0 if d.summary.is_some() => "aucun".to_string(),
        0 => "—".to_string(),
        n => format!(
            "<a href=\"#problemes\">{n} problème{}</a>",
            if n > 1 { "s" } else { "" }
        ),
    };
    let mut actions = format!(
        "<button type=\"button\" data-action=\"produire\" data-document=\"{name}\" aria-label=\"Produire {name}\">Produire</button>"
    );
    if built.is_some() {
        let url = encode(&d.name);
        actions.push_str(&format!(
            " <a href=\"/telecharger/{url}.docx\" download aria-label=\"Télécharger {name} (.docx)\">.docx</a>"
        ));
        if previews.images() {
            actions.push_str(&format!(
                " <a href=\"/telecharger/{url}.pdf\" download aria-label=\"Télécharger {name} (PDF)\">PDF</a>"
            ));
        }
    }
    format!(
        "<tr data-document=\"{name}\"><th scope=\"row\"><span class=\"nom\">{name}</span><br><span class=\"titre-document\">{title}</span><br><span class=\"fichier\">{output}</span></th>\
         <td>{built}</td><td>{pages}</td><td>{tables}</td><td>{figs}</td><td>{words}</td><td>{problems}</td><td class=\"actions\">{actions}</td></tr>",
        output = escape(&d.output),
        title = escape(&d.title),
        built = built.map(ago).unwrap_or_else(|| "jamais".into()),
        pages = figures(|s| s.pages_estimate),
        tables = figures(|s| s.tables),
        figs = figures(|s| s.figures),
        words = figures(|s| s.words),
    )
}

/// The first pages as images when they can be made from the built file,
/// else the model as HTML; in a closed disclosure, so nothing is converted
/// until the user opens it.
fn preview_of(root: &Path, d: &DocState, previews: &Previews) -> String {
    let name = escape(&d.name);
    let mut out = format!(
        "<details class=\"apercu\" data-document=\"{name}\"><summary><h3>Aperçu de « {name} » — {}</h3></summary>",
        escape(&d.title)
    );
    match (built_time(root, &d.output), &d.model) {
        (Some(when), _) if previews.images() => {
            let stamp = when
                .duration_since(std::time::UNIX_EPOCH)
                .map(|t| t.as_secs())
                .unwrap_or(0);
            out.push_str("<div class=\"pages\">");
            for page in 1..=preview::PAGES {
                out.push_str(&format!(
                    "<img src=\"/apercu/{}/{page}.png?v={stamp}\" alt=\"Page {page} de « {name} »\" loading=\"lazy\" width=\"298\" height=\"421\">",
                    encode(&d.name)
                ));
            }
            out.push_str("</div>");
        }
        (_, Some(model)) => {
            out.push_str("<div class=\"apercu-texte\">");
            out.push_str(&preview::model_html(model));
            out.push_str("</div>");
        }
        _ => out.push_str(
            "<p>Pas encore d'aperçu : corrigez les problèmes, puis produisez le document.</p>",
        ),
    }
    out.push_str("</details>");
    out
}

fn sources(root: &Path, checked: &Checked) -> String {
    let mut out = String::from(
        "<section id=\"sources\" aria-labelledby=\"titre-sources\"><h2 id=\"titre-sources\">Sources</h2>\
         <div class=\"defile\"><table><caption>Données lues par les modèles</caption><thead><tr>\
         <th scope=\"col\">Source</th><th scope=\"col\">Fichier</th><th scope=\"col\">Feuille</th>\
         <th scope=\"col\">Lignes</th><th scope=\"col\">Dernière modification</th></tr></thead><tbody>",
    );
    for s in &checked.sources {
        let modified = crate::files::resolve_input(root, &s.file, "fichier de données")
            .ok()
            .and_then(|p| std::fs::metadata(p).ok()?.modified().ok());
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&s.name),
            escape(&s.file),
            escape(s.sheet.as_deref().unwrap_or("—")),
            s.rows
                .map(|n| crate::french::format_integer(n as i64))
                .unwrap_or_else(|| "—".into()),
            modified.map(ago).unwrap_or_else(|| "—".into())
        ));
    }
    out.push_str("</tbody></table></div></section>");
    out
}

/// The recorded deliveries, each with its redline button and the redlines
/// already written.
pub fn deliveries(root: &Path, checked: &Checked) -> String {
    let list: Vec<Delivery> = match crate::redline::list(root) {
        Ok(l) => l,
        Err(p) => return html::problems(&p.0),
    };
    if list.is_empty() {
        return "<p>Aucune livraison enregistrée.</p>".into();
    }
    let mut out = String::from(
        "<div class=\"defile\"><table><caption>Livraisons enregistrées</caption><thead><tr>\
         <th scope=\"col\">Étiquette</th><th scope=\"col\">Date</th><th scope=\"col\">Documents</th>\
         <th scope=\"col\">Différences depuis cette livraison</th></tr></thead><tbody>",
    );
    for d in &list {
        let label = escape(&d.label);
        let names: Vec<String> = d.documents.iter().map(|x| escape(&x.name)).collect();
        let mut links = Vec::new();
        for doc in &d.documents {
            let Some(current) = checked.document(&doc.name) else {
                continue;
            };
            let path = crate::versions::redline_path(&current.output, &d.label);
            if crate::files::resolve_input(root, &path, "document").is_ok() {
                links.push(format!(
                    "<a href=\"/livraisons/{}/{}.docx\" download>{}</a>",
                    encode(&d.label),
                    encode(&doc.name),
                    escape(&doc.name)
                ));
            }
        }
        out.push_str(&format!(
            "<tr><th scope=\"row\">{label}</th><td>{}</td><td>{}</td><td class=\"actions\">\
             <button type=\"button\" data-action=\"redline\" data-etiquette=\"{label}\">Produire les différences depuis {label}</button> {}</td></tr>",
            escape(
                &crate::project::parse_iso_date(&d.date)
                    .map(crate::french::format_date_long)
                    .unwrap_or_else(|_| d.date.clone())
            ),
            names.join(", "),
            links.join(" ")
        ));
    }
    out.push_str("</tbody></table></div>");
    out
}

/// The stylesheet's colours, from the house style.
pub fn colours_css(checked: &Checked) -> String {
    Colours::from_style(&checked.style).css()
}
