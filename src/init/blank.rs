//! `trame init --modele vierge`: the smallest useful project — one
//! workbook, one blueprint, one document — with neutral text, to be
//! replaced by the user's own.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

pub const PROJECT: &str = r#"# Projet trame : décrit le projet, ses données et ses documents.
# Guide complet : le README de trame (section « Le fichier trame.yaml »).
project:
  title: Rapport d'activités
  subtitle: Premier trimestre
  organisation: Mon organisation
  author: Mon nom
  date: 2025-01-31
  version: "0.1"

sources:
  # Chaque source est une feuille d'un classeur ; chaque colonne a un type.
  activites:
    file: data/activites.xlsx
    sheet: Activités
    columns:
      activite: { header: Activité, required: true }
      lieu: { header: Lieu }
      date: { header: Date, type: date }
      participants: { header: Participants, type: integer }

documents:
  rapport:
    blueprint: rapport.md.j2
    output: out/rapport.docx
    doc_type: Rapport
"#;

pub const BLUEPRINT: &str = r#"{{ toc() }}

# Résumé

Ce rapport présente {{ activites | length }} activités, qui ont réuni
{{ activites | map(attribute="participants") | sum | nombre }} participants
du {{ (activites | first).date | date_fr }} au {{ (activites | last).date | date_fr }}.

# Activités

{{ table(activites, caption="Activités réalisées", id="tbl:activites") }}

Le tableau @tbl:activites est tiré du classeur `data/activites.xlsx` : modifiez-le
dans Excel ou LibreOffice, puis relancez `trame build`.

{% for a in activites %}
## {{ a.activite }}

Le {{ a.date | date_fr }} à {{ a.lieu }}, avec {{ a.participants }} participants.
{% endfor %}
"#;

pub const README: &str = "# Projet trame\n\n\
Ce dossier a été créé par `trame init` (modèle « vierge ») : un projet minimal\n\
à compléter avec vos propres données et textes.\n\n\
- `trame.yaml` : le projet, ses sources de données et ses documents ;\n\
- `data/activites.xlsx` : le classeur (modifiez-le dans Excel ou LibreOffice) ;\n\
- `blueprints/rapport.md.j2` : le modèle du rapport (Markdown avec minijinja) ;\n\
- `out/` : les documents Word produits.\n\n\
Pour produire le document :\n\n    trame build\n\n\
Pour le reproduire à chaque enregistrement du classeur ou du modèle :\n\n    trame watch\n\n\
Pour vérifier le projet sans rien écrire :\n\n    trame check\n";

/// Header and rows of the sample workbook.
const HEADERS: [&str; 4] = ["Activité", "Lieu", "Date", "Participants"];
/// One activity: name, place, date (year, month, day), participants.
type Activity = (&'static str, &'static str, (u16, u8, u8), f64);
const ROWS: [Activity; 3] = [
    ("Atelier de lancement", "Salle A", (2025, 1, 8), 24.0),
    ("Formation des animateurs", "Salle B", (2025, 1, 15), 12.0),
    ("Réunion de bilan", "Salle A", (2025, 1, 29), 18.0),
];

/// The workbook `data/activites.xlsx`, the same bytes at every run.
pub fn workbook() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title("Activités")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2025, 1, 31)?),
    );
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let sheet = wb.add_worksheet().set_name("Activités")?;
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_with_format(0, c as u16, *h, &bold)?;
        sheet.set_column_width(c as u16, if c == 0 { 30 } else { 14 })?;
    }
    for (r, (activity, place, (y, m, d), people)) in ROWS.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write(r, 0, *activity)?;
        sheet.write(r, 1, *place)?;
        sheet.write_datetime_with_format(r, 2, &ExcelDateTime::from_ymd(*y, *m, *d)?, &date)?;
        sheet.write(r, 3, *people)?;
    }
    wb.save_to_buffer()
}
