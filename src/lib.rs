//! trame: Word deliverables from workbooks and Markdown blueprints.
//!
//! The pipeline, one stage per module, with the document model in the middle:
//! [`project`] reads `trame.yaml`; [`data`] reads and checks workbooks;
//! [`blueprint`] renders templates to Markdown; [`markup`] parses it into the
//! [`model`]; [`docx`] writes the model as a Word file. [`build`] runs the
//! stages for the CLI and tests.

pub mod blueprint;
pub mod build;
pub mod chart;
pub mod confidential;
pub mod data;
pub mod diag;
pub mod docx;
pub mod files;
pub mod french;
pub mod init;
pub mod markers;
pub mod markup;
pub mod model;
pub mod pdf;
pub mod project;
pub mod redline;
pub mod review;
pub mod timing;
pub mod versions;
pub mod watch;

/// A French description of an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "fichier introuvable".into(),
        PermissionDenied => "accès refusé".into(),
        AlreadyExists => "le fichier existe déjà".into(),
        _ => format!("erreur d'entrée-sortie : {e}"),
    }
}
