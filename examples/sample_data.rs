//! Writes the sample workbooks in `data/` (fictional data, marked as such).
//!
//! Run with `cargo run --example sample_data` after changing the rows below;
//! the workbooks are committed so that users need not run this.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

const INTERVIEWS: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    (
        "KII-GOV-02",
        "Gouvernement",
        "Parquet du TGI de Kayes",
        "Kayes",
        "2024-03-04",
        "Nom fictif 01",
        "+223 70 00 00 01",
    ),
    (
        "KII-GOV-05",
        "Gouvernement",
        "Police nationale (BRTMTEH)",
        "Bamako",
        "2024-03-06",
        "Nom fictif 02",
        "+223 70 00 00 02",
    ),
    (
        "KII-GOV-07",
        "Gouvernement",
        "Gendarmerie nationale",
        "Sikasso",
        "2024-03-08",
        "Nom fictif 03",
        "+223 70 00 00 03",
    ),
    (
        "KII-GOV-09",
        "Gouvernement",
        "Direction régionale de la promotion de la femme, de l'enfant et de la famille",
        "Ségou",
        "2024-03-11",
        "Nom fictif 04",
        "+223 70 00 00 04",
    ),
    (
        "KII-GOV-11",
        "Gouvernement",
        "Garde nationale",
        "Mopti",
        "2024-03-12",
        "Nom fictif 05",
        "+223 70 00 00 05",
    ),
    (
        "KII-UN-01",
        "ONU",
        "Agence des Nations Unies (protection)",
        "Bamako",
        "2024-03-13",
        "Nom fictif 06",
        "+223 70 00 00 06",
    ),
    (
        "KII-UN-03",
        "ONU",
        "Agence des Nations Unies (enfance)",
        "Bamako",
        "2024-03-14",
        "Nom fictif 07",
        "+223 70 00 00 07",
    ),
    (
        "KII-INGO-02",
        "ONGI",
        "ONG internationale de protection",
        "Bamako",
        "2024-03-15",
        "Nom fictif 08",
        "+223 70 00 00 08",
    ),
    (
        "KII-CSO-04",
        "OSC",
        "Centre d'accueil de Bamako",
        "Bamako",
        "2024-03-18",
        "Nom fictif 09",
        "+223 70 00 00 09",
    ),
    (
        "KII-CSO-06",
        "OSC",
        "Association locale de Kayes",
        "Kayes",
        "2024-03-19",
        "Nom fictif 10",
        "+223 70 00 00 10",
    ),
];

const FINDINGS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "KII-GOV-02",
        "Qualification des infractions",
        "Les faits d'esclavage par ascendance sont souvent poursuivis sous des qualifications délictuelles (coups et blessures, atteinte aux biens).",
        "Méconnaissance des nouvelles incriminations du Code pénal de 2024.",
        "Haute",
    ),
    (
        "KII-GOV-05",
        "Enquête et preuve",
        "Les dossiers reposent presque exclusivement sur les déclarations des victimes, qui se rétractent souvent.",
        "Absence de pratique d'enquête financière et d'exploitation des téléphones.",
        "Haute",
    ),
    (
        "KII-GOV-07",
        "Identification des victimes",
        "Les brigades interviennent sur les sites d'orpaillage pour des rixes, pas pour l'exploitation ; les indicateurs ne sont pas connus.",
        "Identification réactive uniquement.",
        "Haute",
    ),
    (
        "KII-GOV-09",
        "Orientation et référencement",
        "Le mécanisme national de référencement est connu des cadres formés en 2022 mais pas des agents nouvellement affectés.",
        "Rotation du personnel ; pas de formation de recyclage.",
        "Moyenne",
    ),
    (
        "KII-GOV-11",
        "Protection des victimes",
        "Les victimes présumées sont parfois gardées au poste faute de centre d'accueil dans le cercle.",
        "Manque de places d'hébergement ; crainte de sanctions.",
        "Haute",
    ),
    (
        "KII-UN-01",
        "Coordination",
        "Plusieurs partenaires forment les mêmes unités avec des supports différents.",
        "Absence de curriculum national harmonisé.",
        "Moyenne",
    ),
    (
        "KII-UN-03",
        "Identification des victimes",
        "Les enfants associés aux groupes armés relèvent d'un protocole spécifique peu connu des forces de défense et de sécurité.",
        "Confusion entre statut de victime et de suspect.",
        "Haute",
    ),
    (
        "KII-INGO-02",
        "Réintégration",
        "Le suivi des victimes après le retour en famille s'arrête faute de ressources.",
        "Réintégration économique limitée ; pas de suivi à six mois.",
        "Moyenne",
    ),
    (
        "KII-CSO-04",
        "Protection des victimes",
        "Des victimes sont auditionnées plusieurs fois par différents services.",
        "Victimisation secondaire.",
        "Haute",
    ),
    (
        "KII-CSO-06",
        "Qualification des infractions",
        "Les médiations communautaires aboutissent à des arrangements sans poursuites.",
        "Tension entre médiation et action publique.",
        "Basse",
    ),
];

fn main() -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_creation_datetime(&ExcelDateTime::from_ymd(2024, 4, 1)?),
    );
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");

    let s = wb.add_worksheet().set_name("Entretiens")?;
    let headers = [
        "Code",
        "Catégorie",
        "Institution",
        "Lieu",
        "Date",
        "Nom",
        "Contact",
    ];
    for (c, h) in headers.iter().enumerate() {
        s.write_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, row) in INTERVIEWS.iter().enumerate() {
        let r = r as u32 + 1;
        s.write(r, 0, row.0)?;
        s.write(r, 1, row.1)?;
        s.write(r, 2, row.2)?;
        s.write(r, 3, row.3)?;
        let d = ExcelDateTime::parse_from_str(row.4)?;
        s.write_datetime_with_format(r, 4, &d, &date)?;
        s.write(r, 5, row.5)?;
        s.write(r, 6, row.6)?;
    }
    s.set_column_width(2, 45)?;
    s.set_column_width(4, 12)?;

    let s = wb.add_worksheet().set_name("Constats")?;
    let headers = ["Code entretien", "Thème", "Constat", "Lacune", "Priorité"];
    for (c, h) in headers.iter().enumerate() {
        s.write_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, row) in FINDINGS.iter().enumerate() {
        let r = r as u32 + 1;
        s.write(r, 0, row.0)?;
        s.write(r, 1, row.1)?;
        s.write(r, 2, row.2)?;
        s.write(r, 3, row.3)?;
        s.write(r, 4, row.4)?;
    }
    s.set_column_width(2, 60)?;
    s.set_column_width(3, 45)?;
    wb.save("data/entretiens.xlsx")?;
    println!("data/entretiens.xlsx écrit");
    Ok(())
}
