//! Deliveries: what was sent, recorded under `livraisons/LABEL/` at the
//! project root: each document's model snapshot (JSON), a copy of the .docx,
//! its images, the date and SHA-256 checksums, so that later versions can be
//! redlined against it. Deliveries are the baseline of every redline: they
//! are meant to be committed with the sources, so they live outside `out/`
//! (which version control ignores). Projects made before keep theirs in
//! `out/livraisons`: the first command that needs them moves them.

use crate::diag::{Diagnostic, Problems, Result};
use crate::docx::Assets;
use crate::model::Document;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Where deliveries are kept, relative to the project folder.
pub const FOLDER: &str = "livraisons";
/// Where they were kept before (ignored by version control, hence moved).
const OLD_FOLDER: &str = "out/livraisons";

/// Moves deliveries from `out/livraisons` to `livraisons/` (once); says so.
fn migrate(root: &Path) -> Result<()> {
    let old = root.join(OLD_FOLDER);
    if !old.is_dir() || std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_symlink()) {
        return Ok(());
    }
    let new = root.join(FOLDER);
    if new.exists() {
        return Err(Diagnostic::file(
            OLD_FOLDER,
            format!("des livraisons se trouvent à la fois dans {OLD_FOLDER} et dans {FOLDER}/ : déplacez à la main le contenu de {OLD_FOLDER} dans {FOLDER}/, puis relancez"),
        )
        .into());
    }
    std::fs::rename(&old, &new).map_err(|e| {
        Diagnostic::file(
            OLD_FOLDER,
            format!(
                "impossible de déplacer les livraisons vers {FOLDER}/ ({})",
                crate::io_reason(&e)
            ),
        )
    })?;
    eprintln!(
        "trame : les livraisons ont été déplacées de {OLD_FOLDER} vers {FOLDER}/ ; enregistrez ce dossier avec vos sources (git add {FOLDER})"
    );
    Ok(())
}
const RECORD: &str = "livraison.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub label: String,
    /// ISO date of the delivery (from the command line or trame.yaml).
    pub date: String,
    pub documents: Vec<DeliveredDocument>,
    /// SHA-256 of each source (workbooks declared in trame.yaml, blueprints)
    /// as delivered, by path: `trame apply` refuses to write into a source
    /// that changed since (older deliveries have none).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveredDocument {
    pub name: String,
    /// The output path the document had.
    pub output: String,
    /// Files in the delivery folder: the model snapshot and the .docx copy.
    pub snapshot: String,
    pub copy: String,
    /// SHA-256 of the .docx as delivered.
    pub sha256: String,
    /// Image files by the `src` the model uses.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub images: BTreeMap<String, String>,
}

/// One document to record.
pub struct ToDeliver<'a> {
    pub name: &'a str,
    pub output: &'a str,
    pub model: &'a Document,
    pub assets: &'a Assets,
    pub bytes: &'a [u8],
    /// Confidential values (folded) this document may show: its own row's,
    /// for a per-row document that allows them (see [`crate::confidential`]).
    pub allowed: &'a std::sync::Arc<[String]>,
}

fn check_label(label: &str) -> Result<()> {
    let ok = !label.is_empty()
        && label.len() <= 64
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !label.starts_with('.');
    if ok {
        Ok(())
    } else {
        Err(Diagnostic::file(
            "trame deliver",
            format!("étiquette « {label} » invalide : lettres, chiffres, « - », « _ » ou « . » seulement (par exemple v1, v2-CNCLTPPA)"),
        )
        .into())
    }
}

/// Checks that a delivery can be recorded under `label` (a valid label, not
/// already used unless `force`), before anything is built.
pub fn can_record(root: &Path, label: &str, force: bool) -> Result<()> {
    check_label(label)?;
    migrate(root)?;
    let folder = format!("{FOLDER}/{label}");
    if root.join(&folder).join(RECORD).exists() && !force {
        return Err(Diagnostic::file(
            folder,
            "cette livraison existe déjà ; choisissez une autre étiquette ou ajoutez --force pour la remplacer",
        )
        .into());
    }
    Ok(())
}

/// Records a delivery; refuses to replace an existing label unless `force`.
pub fn deliver(
    session: &crate::build::Session,
    label: &str,
    date: &str,
    documents: &[ToDeliver],
    force: bool,
) -> Result<Delivery> {
    let root = session.root.as_path();
    can_record(root, label, force)?;
    let folder = format!("{FOLDER}/{label}");
    let mut record = Delivery {
        label: label.to_string(),
        date: date.to_string(),
        documents: Vec::new(),
        sources: source_sums(root, &session.project),
    };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut allowances = crate::confidential::Allowances::new();
    for d in documents {
        let file_name = Path::new(d.output)
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let snapshot = format!("{}.modele.json", d.name);
        let mut images = BTreeMap::new();
        for (i, (src, bytes)) in d.assets.iter().enumerate() {
            let ext = if bytes.starts_with(&[0xFF, 0xD8]) {
                "jpeg"
            } else {
                "png"
            };
            let stored = format!("images/{}-{}.{ext}", d.name, i + 1);
            files.push((format!("{folder}/{stored}"), bytes.clone()));
            images.insert(src.clone(), stored);
        }
        let json = serde_json::to_vec_pretty(d.model).expect("model serialises");
        if !d.allowed.is_empty() {
            for file in [&snapshot, &file_name] {
                allowances.insert(format!("{folder}/{file}"), d.allowed.clone());
            }
        }
        files.push((format!("{folder}/{snapshot}"), json));
        files.push((format!("{folder}/{file_name}"), d.bytes.to_vec()));
        record.documents.push(DeliveredDocument {
            name: d.name.to_string(),
            output: d.output.to_string(),
            snapshot,
            copy: file_name,
            sha256: crate::files::sha256_hex(d.bytes),
            images,
        });
    }
    files.push((
        format!("{folder}/{RECORD}"),
        serde_json::to_vec_pretty(&record).expect("record serialises"),
    ));
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    session.write_allowing(&refs, allowances)?;
    Ok(record)
}

/// The SHA-256 of every declared source file and every file under
/// blueprints/, by path relative to the project (files that cannot be read
/// are left out).
pub fn source_sums(root: &Path, project: &crate::project::Project) -> BTreeMap<String, String> {
    let mut files: Vec<String> = project.sources.values().map(|s| s.file.clone()).collect();
    let mut folders = vec![root.join("blueprints")];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                folders.push(entry.path());
            } else if kind.is_file()
                && let Ok(relative) = entry.path().strip_prefix(root)
            {
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files
        .into_iter()
        .filter_map(|f| {
            let bytes = std::fs::read(root.join(&f)).ok()?;
            Some((f, crate::files::sha256_hex(&bytes)))
        })
        .collect()
}

/// Every delivery recorded, by label.
pub fn list(root: &Path) -> Result<Vec<Delivery>> {
    migrate(root)?;
    let dir = root.join(FOLDER);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    for name in names {
        if root.join(FOLDER).join(&name).join(RECORD).exists() {
            out.push(read_record(root, &name)?);
        }
    }
    Ok(out)
}

fn read_record(root: &Path, label: &str) -> Result<Delivery> {
    let path = format!("{FOLDER}/{label}/{RECORD}");
    let text = std::fs::read_to_string(root.join(&path)).map_err(|e| {
        Diagnostic::file(
            &path,
            format!("livraison illisible ({})", crate::io_reason(&e)),
        )
    })?;
    serde_json::from_str(&text)
        .map_err(|e| Diagnostic::file(&path, format!("livraison illisible ({e})")).into())
}

/// Each delivered document's model and images, by document name.
pub type Delivered = BTreeMap<String, (Document, Assets)>;

/// A delivery and, for each of its documents, the model and images as sent.
pub fn load(root: &Path, label: &str) -> Result<(Delivery, Delivered)> {
    check_label(label)?;
    migrate(root)?;
    if !root.join(FOLDER).join(label).join(RECORD).exists() {
        let known: Vec<String> = list(root)?.into_iter().map(|d| d.label).collect();
        let hint = if known.is_empty() {
            "aucune livraison enregistrée : utilisez d'abord « trame deliver --etiquette v1 »"
                .to_string()
        } else {
            format!("livraisons enregistrées : {}", known.join(", "))
        };
        return Err(
            Diagnostic::file(format!("{FOLDER}/{label}"), "livraison inconnue")
                .with_hint(Some(hint))
                .into(),
        );
    }
    let record = read_record(root, label)?;
    let mut docs = BTreeMap::new();
    let mut problems = Vec::new();
    for d in &record.documents {
        let path = format!("{FOLDER}/{label}/{}", d.snapshot);
        let model = crate::timing::time("redline : lecture des modèles livrés", || {
            // Read as it streams in: a snapshot can be far larger than its model.
            std::fs::File::open(root.join(&path))
                .map_err(|e| crate::io_reason(&e))
                .and_then(|f| {
                    let reader = std::io::BufReader::with_capacity(1 << 16, f);
                    serde_json::from_reader::<_, Document>(reader).map_err(|e| e.to_string())
                })
        });
        let model = match model {
            Ok(m) => m,
            Err(e) => {
                problems.push(Diagnostic::file(
                    path,
                    format!("instantané illisible ({e})"),
                ));
                continue;
            }
        };
        let mut assets = Assets::new();
        for (src, stored) in &d.images {
            let path = format!("{FOLDER}/{label}/{stored}");
            match std::fs::read(root.join(&path)) {
                Ok(bytes) => {
                    assets.insert(src.clone(), bytes);
                }
                Err(e) => problems.push(Diagnostic::file(
                    path,
                    format!("image illisible ({})", crate::io_reason(&e)),
                )),
            }
        }
        docs.insert(d.name.clone(), (model, assets));
    }
    if problems.is_empty() {
        Ok((record, docs))
    } else {
        Err(Problems(problems))
    }
}
