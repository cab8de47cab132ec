//! French words for what the workbook libraries (calamine, zip, quick-xml,
//! csv) report in English. Each function gives the reason only; the caller
//! puts the place (file, sheet, cell) in front.

use super::archive::RunTooLong;
use super::limits::MAX_CELL_CHARS;
use crate::files::human_bytes;

/// A password-protected (encrypted) workbook.
pub const PASSWORD: &str = "classeur protégé par mot de passe : enregistrez-le sans mot de passe";

/// A file that is no zip archive at all.
pub const NOT_A_WORKBOOK: &str =
    "ce fichier n'est pas un classeur Excel valide (archive zip illisible)";

/// Why a zip archive could not be read.
pub fn zip_reason(e: &zip::result::ZipError) -> String {
    use zip::result::ZipError::*;
    match e {
        Io(io) => io_in_archive(io, ""),
        InvalidArchive(_) => NOT_A_WORKBOOK.into(),
        InvalidPassword => PASSWORD.into(),
        UnsupportedArchive(what) if *what == zip::result::ZipError::PASSWORD_REQUIRED => {
            PASSWORD.into()
        }
        UnsupportedArchive(_) | CompressionMethodNotSupported(_) => {
            "archive zip d'un type non pris en charge : réenregistrez le classeur avec Excel ou LibreOffice".into()
        }
        FileNotFound => {
            "une partie attendue manque dans l'archive : ce fichier n'est pas un classeur complet"
                .into()
        }
        _ => "archive zip illisible : réenregistrez le classeur avec Excel ou LibreOffice".into(),
    }
}

/// Why a part of an archive could not be unpacked (`part` may be empty).
pub fn io_in_archive(e: &std::io::Error, part: &str) -> String {
    let named = if part.is_empty() {
        "une partie".to_string()
    } else {
        format!("la partie « {part} »")
    };
    if e.get_ref().is_some_and(|inner| inner.is::<RunTooLong>()) {
        return format!(
            "{named} contient un texte ou une balise de plus de {} (une cellule tient au plus {MAX_CELL_CHARS} caractères) : rien n'a été lu",
            human_bytes(super::limits::MAX_XML_RUN_BYTES)
        );
    }
    // The zip reader's only words for these cases; matched, never shown.
    let text = e.to_string();
    if text.contains("declared uncompressed size") {
        return format!(
            "{named} se décompresse au-delà de la taille que l'archive annonce : archive piégée ou endommagée, rien n'a été lu"
        );
    }
    if text.contains("checksum") {
        return format!("{named} est endommagée (somme de contrôle fausse)");
    }
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => {
            "archive tronquée : le fichier est incomplet (copie interrompue ?)".into()
        }
        std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput => {
            format!("{named} est endommagée : réenregistrez le classeur")
        }
        _ => format!("lecture impossible ({})", crate::io_reason(e)),
    }
}

/// Why an XML part could not be parsed.
pub fn xml_reason(e: &quick_xml::Error, part: &str) -> String {
    if let quick_xml::Error::Io(io) = e {
        return io_in_archive(io, part);
    }
    let part = if part.is_empty() { "XML" } else { part };
    match e {
        quick_xml::Error::Escape(_) if part == "XML" => {
            "une partie du classeur utilise une entité XML inconnue (&…;) : fichier endommagé ou piégé, rien n'a été lu".into()
        }
        _ if part == "XML" => "une partie du classeur n'est pas du XML valide : classeur endommagé".into(),
        quick_xml::Error::Escape(_) => format!(
            "la partie « {part} » utilise une entité XML inconnue (&…;) : fichier endommagé ou piégé, rien n'a été lu"
        ),
        _ => format!("la partie « {part} » n'est pas du XML valide : classeur endommagé"),
    }
}

/// Why calamine could not read an xlsx workbook or sheet.
pub fn xlsx_reason(e: &calamine::XlsxError) -> String {
    use calamine::XlsxError::*;
    match e {
        Io(io) => io_in_archive(io, ""),
        Zip(z) => zip_reason(z),
        Password => PASSWORD.into(),
        Xml(x) => xml_reason(x, ""),
        FileNotFound(part) => format!(
            "la partie « {part} » manque : ce fichier n'est pas un classeur Excel complet"
        ),
        WorksheetNotFound(name) => format!("feuille « {name} » introuvable"),
        NotAWorksheet(_) => "cet onglet n'est pas une feuille de calcul (graphique ?)".into(),
        _ => "contenu du classeur invalide (fichier endommagé ?) : réenregistrez-le avec Excel ou LibreOffice".into(),
    }
}

/// Why a CSV record could not be read.
pub fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => {
            if io
                .get_ref()
                .is_some_and(|i| i.is::<super::delimited::RecordTooLong>())
            {
                format!(
                    "enregistrement de plus de {} (guillemet non fermé ?)",
                    human_bytes(super::limits::MAX_CSV_RECORD_BYTES)
                )
            } else {
                format!("lecture impossible ({})", crate::io_reason(io))
            }
        }
        csv::ErrorKind::Utf8 { .. } => {
            "texte non encodé en UTF-8 : enregistrez le fichier au format « CSV UTF-8 »".into()
        }
        _ => "ligne CSV illisible".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_errors_read_in_french() {
        let e = zip::result::ZipError::InvalidArchive("Could not find EOCD".into());
        assert_eq!(zip_reason(&e), NOT_A_WORKBOOK);
        let e = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "File is larger than its declared uncompressed size",
        );
        assert!(
            io_in_archive(&e, "xl/sharedStrings.xml").starts_with(
                "la partie « xl/sharedStrings.xml » se décompresse au-delà de la taille"
            )
        );
        assert_eq!(xlsx_reason(&calamine::XlsxError::Password), PASSWORD);
    }
}
