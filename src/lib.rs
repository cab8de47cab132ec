//! trame: Word deliverables from workbooks and Markdown blueprints.
//!
//! The pipeline, one stage per module, with the document model in the middle:
//! [`project`] reads `trame.yaml`; [`data`] reads and checks workbooks;
//! [`blueprint`] renders templates to Markdown; [`markup`] parses it into the
//! [`model`]; [`docx`] writes the model as a Word file. [`build`] runs the
//! stages for the CLI and tests.

pub mod apply;
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
pub mod pagination;
pub mod parallel;
pub mod pdf;
pub mod project;
pub mod redline;
pub mod review;
pub mod serve;
pub mod timing;
pub mod verify;
pub mod versions;
pub mod watch;
pub mod xml;

/// A French description of an I/O error, never the system's English text.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "fichier introuvable".into(),
        PermissionDenied => "accès refusé".into(),
        AlreadyExists => "le fichier existe déjà".into(),
        StorageFull => "disque plein : libérez de la place puis relancez".into(),
        QuotaExceeded => "quota de disque dépassé".into(),
        ReadOnlyFilesystem => "disque en lecture seule".into(),
        IsADirectory => "c'est un dossier, pas un fichier".into(),
        NotADirectory => "un élément du chemin n'est pas un dossier".into(),
        FileTooLarge => "fichier trop volumineux pour le système".into(),
        InvalidFilename => "nom de fichier invalide".into(),
        UnexpectedEof => "fichier tronqué (fin inattendue)".into(),
        InvalidData => "contenu invalide ou corrompu".into(),
        Interrupted | TimedOut => "opération interrompue".into(),
        OutOfMemory => "mémoire insuffisante".into(),
        ResourceBusy | ExecutableFileBusy => "fichier occupé par un autre programme".into(),
        Unsupported => "opération non prise en charge par ce système".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!("erreur d'entrée-sortie (code système {code})"),
            None => "erreur d'entrée-sortie".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn io_reasons_are_french() {
        let full = std::io::Error::from_raw_os_error(28);
        assert_eq!(
            super::io_reason(&full),
            "disque plein : libérez de la place puis relancez"
        );
        let other = std::io::Error::from_raw_os_error(5);
        assert!(!super::io_reason(&other).contains("os error"));
    }
}
