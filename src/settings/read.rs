//! `rx.toml` text -> `Settings`, every problem a located diagnostic, as a
//! plan's are: unknown keys (with "did you mean"), wrong types, texts
//! over their caps or with characters the fonts cannot print (the bundled
//! ones and the file's own `fonts`), a `videos` link that is not one, a
//! logo that is not a readable picture, a font file that is not a usable
//! TrueType or OpenType font.

use std::sync::Arc;

use toml_edit::TableLike;

use super::Settings;
use crate::catalogue::Pictures;
use crate::diag::{Code, Diagnostic};
use crate::fields::Spanned;
use crate::fields::toml::Reader;
use crate::fonts::{BOTH, Fonts, REGULAR};
use crate::lang::Language;
use crate::parse::caps;
use crate::plan::Paper;

const TOP_KEYS: &[&str] = &[
    "clinic",
    "prescriber",
    "defaults",
    "safety",
    "fonts",
    "limits",
];
const CLINIC_KEYS: &[&str] = &[
    "name", "address", "phone", "email", "website", "logo", "videos",
];
const PRESCRIBER_KEYS: &[&str] = &["name"];
const DEFAULTS_KEYS: &[&str] = &[
    "paper",
    "large_print",
    "language",
    "catalogue",
    "minutes_a_day",
    "pdfa",
];
/// Minutes in a day: the most `minutes_a_day` can say.
const DAY_MINUTES: u32 = 24 * 60;
const SAFETY_KEYS: &[&str] = &["add", "replace"];

/// Largest logo file: a logo is a few kilobytes, and every sheet carries it.
pub const LOGO_MAX_BYTES: usize = 1024 * 1024;
/// Characters in a clinic's address (one or two lines on the sheet).
const ADDRESS: usize = 200;
/// Characters in an e-mail address or a website.
const CONTACT: usize = 100;
/// Characters in one safety line: a sentence or two.
const SAFETY_LINE: usize = 300;
/// Room left in a video link for the exercise id `videos` is followed by.
const VIDEOS: usize = crate::fields::MAX_URL - 64;

/// Read settings text. `pictures` finds the logo and the fonts beside the
/// settings file; the bundled fonts and the settings' own `fonts` are the
/// glyph check for every text the sheet prints.
pub fn read(text: &str, pictures: &dyn Pictures) -> Result<Settings, Vec<Diagnostic>> {
    let doc = crate::fields::toml::document(text).map_err(|d| vec![*d])?;
    let mut reader = Reader::default();
    let root: &dyn TableLike = doc.as_table();
    reader.only_keys(root, TOP_KEYS, "the settings file");
    let font_names = reader.text_list(root, "fonts");
    let mut settings = Settings {
        fonts: clinic_fonts(&mut reader, &font_names, pictures),
        font_names,
        ..Settings::default()
    };
    let fonts = settings.fonts();
    let mut printed = Printed {
        reader: &mut reader,
        fonts: &fonts,
    };
    if let Some(clinic) = printed.reader.table(root, "clinic") {
        printed.reader.only_keys(clinic, CLINIC_KEYS, "[clinic]");
        settings.clinic = printed.line(clinic, "name", caps::NAME, BOTH);
        settings.address = printed.text(clinic, "address", ADDRESS, REGULAR);
        settings.phone = printed.line(clinic, "phone", caps::PHONE, REGULAR);
        settings.email = printed.line(clinic, "email", CONTACT, REGULAR);
        settings.website = printed.line(clinic, "website", CONTACT, REGULAR);
        if let Some(email) = &settings.email {
            email_shape(printed.reader, email);
        }
        settings.videos = videos(printed.reader, clinic);
        settings.logo = logo(printed.reader, clinic, pictures);
    }
    if let Some(prescriber) = printed.reader.table(root, "prescriber") {
        printed
            .reader
            .only_keys(prescriber, PRESCRIBER_KEYS, "[prescriber]");
        settings.prescriber = printed.line(prescriber, "name", caps::NAME, REGULAR);
    }
    if let Some(defaults) = printed.reader.table(root, "defaults") {
        printed
            .reader
            .only_keys(defaults, DEFAULTS_KEYS, "[defaults]");
        settings.paper = paper(printed.reader, defaults);
        settings.large_print = printed.reader.flag(defaults, "large_print");
        settings.language = language(printed.reader, defaults);
        settings.catalogue = printed.reader.text(defaults, "catalogue");
        settings.minutes_a_day = printed.reader.count(defaults, "minutes_a_day", DAY_MINUTES);
        settings.pdfa = printed.reader.flag(defaults, "pdfa");
    }
    if let Some(safety) = printed.reader.table(root, "safety") {
        printed.reader.only_keys(safety, SAFETY_KEYS, "[safety]");
        settings.safety_add = printed.lines(safety, "add");
        if safety.contains_key("replace") {
            settings.safety_replace = Some(printed.lines(safety, "replace"));
        }
    }
    // Checked against the catalogue once it is loaded (`limits::apply`).
    settings.limits = crate::limits::raw(&mut reader, root);
    if reader.diagnostics.is_empty() {
        Ok(settings)
    } else {
        crate::diag::sort(&mut reader.diagnostics);
        Err(reader.diagnostics)
    }
}

/// Reads texts the sheet prints: capped, and drawable by the fonts.
struct Printed<'r> {
    reader: &'r mut Reader,
    fonts: &'r Fonts,
}

impl Printed<'_> {
    fn text(
        &mut self,
        table: &dyn TableLike,
        key: &str,
        max: usize,
        weights: &[bool],
    ) -> Option<Spanned<String>> {
        let value = self.reader.text(table, key)?;
        self.printable(key, value, max, weights)
    }

    /// A one-line text (`fields::line`): a name, a phone number.
    fn line(
        &mut self,
        table: &dyn TableLike,
        key: &str,
        max: usize,
        weights: &[bool],
    ) -> Option<Spanned<String>> {
        let value = self.reader.line(table, key)?;
        self.printable(key, value, max, weights)
    }

    fn printable(
        &mut self,
        key: &str,
        value: Spanned<String>,
        max: usize,
        weights: &[bool],
    ) -> Option<Spanned<String>> {
        let n = value.value.chars().count();
        if n > max {
            self.reader.push(
                Diagnostic::error(
                    Code::TooLarge,
                    format!("`{key}` is {n} characters; the sheet has room for {max}"),
                )
                .at(value.span)
                .label(format!("at most {max} characters")),
            );
            return None;
        }
        if let Some(c) = self.fonts.undrawable_in(&value.value, weights) {
            self.reader.push(crate::check::undrawable_at(
                &format!("`{key}`"),
                c,
                value.span,
            ));
            return None;
        }
        Some(value)
    }

    /// A list of safety lines, none of them blank.
    fn lines(&mut self, table: &dyn TableLike, key: &str) -> Vec<Spanned<String>> {
        let mut out = Vec::new();
        for line in self.reader.text_list(table, key) {
            if crate::fields::is_blank(&line.value) {
                self.reader.push(
                    Diagnostic::error(Code::BadValue, format!("an entry of `{key}` is empty"))
                        .at(line.span)
                        .label("write the safety advice, or remove the entry"),
                );
                continue;
            }
            out.extend(self.printable(key, line, SAFETY_LINE, REGULAR));
        }
        out
    }
}

/// An e-mail address must look like one: a name, `@`, a domain, no spaces.
fn email_shape(reader: &mut Reader, email: &Spanned<String>) {
    let good = email.value.split_once('@').is_some_and(|(name, domain)| {
        !name.is_empty() && domain.contains('.') && !domain.contains('@')
    }) && !email.value.contains(char::is_whitespace);
    if !good {
        reader.push(
            Diagnostic::error(
                Code::BadValue,
                format!(
                    "`email` is not an e-mail address: \"{}\"",
                    crate::fields::shorten(&email.value)
                ),
            )
            .at(email.span.clone())
            .label("expected an address like front.desk@clinic.example"),
        );
    }
}

/// `videos`: a web link the exercise id is added to, with room for it.
fn videos(reader: &mut Reader, clinic: &dyn TableLike) -> Option<Spanned<String>> {
    let base = reader.url(clinic, "videos")?;
    if base.value.chars().count() > VIDEOS {
        reader.push(
            Diagnostic::error(
                Code::TooLarge,
                format!("`videos` is longer than {VIDEOS} characters"),
            )
            .at(base.span)
            .label("leave room for the exercise id added to it")
            .help("use a short link: a long one makes a QR code too dense to scan"),
        );
        return None;
    }
    Some(base)
}

fn language(reader: &mut Reader, defaults: &dyn TableLike) -> Option<Spanned<Language>> {
    let written = reader.text(defaults, "language")?;
    match Language::parse(&written.value) {
        Some(language) => Some(Spanned::new(language, written.span)),
        None => {
            reader.push(
                crate::resolve::unknown_language(&crate::fields::shorten(&written.value))
                    .at(written.span),
            );
            None
        }
    }
}

fn paper(reader: &mut Reader, defaults: &dyn TableLike) -> Option<Spanned<Paper>> {
    let written = reader.text(defaults, "paper")?;
    match Paper::parse(&written.value) {
        Some(paper) => Some(Spanned::new(paper, written.span)),
        None => {
            reader.push(
                Diagnostic::error(
                    Code::BadValue,
                    format!(
                        "unknown paper size \"{}\"",
                        crate::fields::shorten(&written.value)
                    ),
                )
                .at(written.span)
                .help("use \"letter\" or \"a4\""),
            );
            None
        }
    }
}

/// `fonts = ["file.ttf", ...]`: a clinic's fonts beside the settings file,
/// each read and checked (`ClinicFont::read`); a file that cannot be used
/// is an error at its name.
fn clinic_fonts(
    reader: &mut Reader,
    names: &[Spanned<String>],
    pictures: &dyn Pictures,
) -> Vec<crate::fonts::ClinicFont> {
    let mut out = Vec::new();
    for name in names {
        let font = pictures.read_font(&name.value).and_then(|bytes| {
            crate::fonts::ClinicFont::read(bytes)
                .map_err(|problem| format!("cannot be used: {problem}"))
        });
        match font {
            Ok(font) => out.push(font),
            Err(why) => reader.push(
                Diagnostic::error(
                    Code::BadValue,
                    format!("font `{}` {why}", crate::fields::shorten(&name.value)),
                )
                .at(name.span.clone())
                .label("a font file (.ttf, .otf, .ttc), relative to the settings file"),
            ),
        }
    }
    out
}

/// The logo: a PNG or JPEG beside the settings file, at most
/// `LOGO_MAX_BYTES`, checked and decoded as a catalogue picture is.
fn logo(
    reader: &mut Reader,
    clinic: &dyn TableLike,
    pictures: &dyn Pictures,
) -> Option<(Spanned<String>, Arc<crate::document::Image>)> {
    let name = reader.text(clinic, "logo")?;
    let picture = pictures.locate(&name.value).and_then(|key| {
        let bytes = pictures.read(&key)?;
        if bytes.len() > LOGO_MAX_BYTES {
            return Err(format!(
                "is {} KB; a logo may be at most {} KB",
                bytes.len().div_ceil(1024),
                LOGO_MAX_BYTES / 1024
            ));
        }
        crate::picture::decode(&bytes, crate::picture::LOGO)
    });
    match picture {
        Ok(image) => Some((name, Arc::new(image))),
        Err(why) => {
            reader.push(
                Diagnostic::error(
                    Code::BadValue,
                    format!("logo `{}` {why}", crate::fields::shorten(&name.value)),
                )
                .at(name.span)
                .label("the clinic's logo, a PNG or JPEG file"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read;
    use crate::catalogue::Pictures;
    use crate::diag::Code;

    struct NoFiles;

    impl Pictures for NoFiles {
        fn locate(&self, name: &str) -> Result<String, String> {
            Err(format!("does not exist (looked for {name})"))
        }
        fn read(&self, _: &str) -> Result<Vec<u8>, String> {
            unreachable!("nothing is located")
        }
    }

    fn codes(text: &str) -> Vec<(Code, String)> {
        match read(text, &NoFiles) {
            Ok(_) => Vec::new(),
            Err(ds) => ds.into_iter().map(|d| (d.code, d.message)).collect(),
        }
    }

    #[test]
    fn reads_every_key() {
        let text = "[clinic]\nname = \"R\"\naddress = \"1 Road\"\nphone = \"1\"\nemail = \"a@b.example\"\nwebsite = \"r.example\"\nvideos = \"https://v.example/\"\n[prescriber]\nname = \"D\"\n[defaults]\npaper = \"A4\"\nlarge_print = true\ncatalogue = \"c.toml\"\n[safety]\nadd = [\"Drink water.\"]\nreplace = [\"Stop if it hurts.\"]\n";
        let s = read(text, &NoFiles).expect("valid settings");
        assert_eq!(s.paper.map(|p| p.value), Some(crate::plan::Paper::A4));
        assert_eq!(s.large_print.map(|b| b.value), Some(true));
        assert_eq!(s.safety_add[0].value, "Drink water.");
        assert_eq!(
            s.safety_replace.expect("given")[0].value,
            "Stop if it hurts."
        );
        assert_eq!(s.website.expect("given").value, "r.example");
    }

    #[test]
    fn every_problem_is_reported() {
        let text = "[clinic]\nnme = \"R\"\nphone = 5\nemail = \"front desk\"\nvideos = \"ftp://x\"\nlogo = \"logo.png\"\n[defaults]\npaper = \"legal\"\n[safety]\nadd = [\"\"]\n";
        let found = codes(text);
        let kinds: Vec<Code> = found.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            kinds,
            [
                Code::UnknownKey,
                Code::WrongType,
                Code::BadValue,
                Code::BadValue,
                Code::BadValue,
                Code::BadValue,
                Code::BadValue
            ],
            "{found:?}"
        );
    }

    #[test]
    fn a_name_the_fonts_cannot_print_is_refused() {
        let found = codes("[clinic]\nname = \"診療所\"\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Code::Undrawable);
    }
}
