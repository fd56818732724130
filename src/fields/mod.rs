//! Reading a plan's or a catalogue's fields: typed values with the span
//! they were written at, each problem a located diagnostic, so one run
//! reports every problem in the file.
//!
//! The value rules (a count within its cap, text that is not blank nor too
//! long, a date in the years rx accepts) are here, for TOML values and CSV
//! cells alike; `toml` reads them from a parsed TOML document, for the plan
//! parser and catalogue loading both.

pub mod toml;
pub mod typos;

use chrono::NaiveDate;

use crate::diag::{Code, Diagnostic, Span};

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Option<Span>,
}

impl<T> Spanned<T> {
    pub fn new<S: Into<Span>>(value: T, span: Option<S>) -> Self {
        Spanned {
            value,
            span: span.map(Into::into),
        }
    }
}

/// Longest string value accepted in any field. Generous for a note, small
/// enough that a pasted document is caught.
pub const MAX_TEXT: usize = 2_000;

/// A whole number in `1..=max`, or the diagnostic saying why not.
pub fn positive(
    key: &str,
    n: i64,
    max: u32,
    span: Option<Span>,
) -> Result<Spanned<u32>, Box<Diagnostic>> {
    whole(key, n, 1, max, span)
}

/// `n` as a whole number from `min` (0 or 1) to `max`, or why not.
pub fn whole(
    key: &str,
    n: i64,
    min: u32,
    max: u32,
    span: Option<Span>,
) -> Result<Spanned<u32>, Box<Diagnostic>> {
    if n < i64::from(min) {
        let label = if min == 0 {
            "must be a whole number, 0 or more"
        } else {
            "must be a positive whole number"
        };
        return Err(Box::new(
            Diagnostic::error(
                Code::BadValue,
                format!("`{key}` must be at least {min}, not {n}"),
            )
            .at(span)
            .label(label),
        ));
    }
    match u32::try_from(n) {
        Ok(v) if v <= max => Ok(Spanned::new(v, span)),
        _ => Err(Box::new(
            Diagnostic::error(
                Code::BadValue,
                format!("`{key}` = {n} is too large for the field"),
            )
            .at(span)
            .label(format!("at most {max}")),
        )),
    }
}

/// How many lines a text field may span: a name or an id prints on one
/// line of the header, a note may run over several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// Most combining marks rx accepts on one letter. Real writing stacks at
/// most three or four (Vietnamese, pointed Hebrew); a flood of them draws
/// a bar down the page through the dose band and the safety box.
pub const MAX_MARKS: usize = 4;

/// A text value that may span lines (a note): `line`'s rules, except that
/// it may hold line breaks and tabs.
pub fn text(
    key: &str,
    s: &str,
    span: Option<Span>,
) -> Result<Option<Spanned<String>>, Box<Diagnostic>> {
    written(key, s, span, Lines::Many)
}

/// A one-line text value (a name, an id, a phone number), trimmed and
/// NFC-normalised (`nfc`): `None` when blank, an error when too long, when
/// it holds a line break, a control character or a direction control, or
/// when one letter carries more than `MAX_MARKS` combining marks.
///
/// A value made only of blank characters (spaces, invisible ones like a
/// zero-width space or a byte-order mark) is no value at all, so a
/// required name made of them is missing. Control
/// and direction characters are refused rather than dropped: a
/// right-to-left override shows "Ann htims" as "Ann smith" in a PDF
/// viewer's title bar or an EMR, and a line break prints a name on two
/// header lines, so neither may reach a sheet unseen.
pub fn line(
    key: &str,
    s: &str,
    span: Option<Span>,
) -> Result<Option<Spanned<String>>, Box<Diagnostic>> {
    written(key, s, span, Lines::One)
}

/// A text value under the rules for `lines`.
pub fn written(
    key: &str,
    s: &str,
    span: Option<Span>,
    lines: Lines,
) -> Result<Option<Spanned<String>>, Box<Diagnostic>> {
    // A character is at least one byte: only a long text needs counting.
    if s.len() > MAX_TEXT && s.chars().count() > MAX_TEXT {
        return Err(Box::new(
            Diagnostic::error(
                Code::TooLarge,
                format!("`{key}` is longer than {MAX_TEXT} characters"),
            )
            .at(span),
        ));
    }
    // Printable ASCII holds no control to find and no blank but spaces,
    // tabs and line breaks: a look at its bytes spares loading the
    // built-in catalogue a character-by-character scan of every text at
    // every start.
    let plain = is_plain_ascii(s, lines);
    if !plain && let Some(d) = hidden_control(key, s, lines) {
        return Err(Box::new(d.at(span)));
    }
    let s = if plain {
        s.trim_ascii()
    } else {
        s.trim_matches(is_blank_char)
    };
    if s.is_empty() {
        return Ok(None);
    }
    // ASCII is NFC already and has no combining marks: the two scans below
    // were a sixth of loading the built-in catalogue at every start.
    if plain || s.is_ascii() {
        return Ok(Some(Spanned::new(s.to_owned(), span)));
    }
    let s = nfc(s);
    if let Some(d) = mark_flood(key, &s) {
        return Err(Box::new(d.at(span)));
    }
    Ok(Some(Spanned::new(s, span)))
}

/// Whether every byte of `s` is printable ASCII, or a tab or line break
/// where `lines` allows them: text in which `hidden_control` finds nothing
/// (a test holds the two to agree), known without decoding a character.
fn is_plain_ascii(s: &str, lines: Lines) -> bool {
    // A fold, not `all`: with no early exit the bytes are compared many
    // at a time.
    let printable = |b: u8| matches!(b, b' '..=b'~');
    match lines {
        Lines::One => s.bytes().fold(true, |ok, b| ok & printable(b)),
        Lines::Many => s.bytes().fold(true, |ok, b| {
            ok & (printable(b) | matches!(b, b'\t' | b'\n' | b'\r'))
        }),
    }
}

/// A direction control (U+202A–U+202E, U+2066–U+2069) anywhere, a C0 or
/// C1 control other than a line break or tab in text that may span lines,
/// or a line break or tab in a one-line value: the refusal, unlocated.
/// Outer blanks that are controls (a trailing newline from a spreadsheet
/// cell) are trimmed, not refused.
fn hidden_control(key: &str, s: &str, lines: Lines) -> Option<Diagnostic> {
    let inner = s.trim_matches(|c: char| c.is_whitespace());
    let line_break = |c: char| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
    let found = inner.chars().find(|&c| {
        is_direction_control(c)
            || (lines == Lines::One && line_break(c))
            || (c.is_control() && !(lines == Lines::Many && (c == '\t' || line_break(c))))
    })?;
    let shown = shorten(inner);
    let d = if is_direction_control(found) {
        Diagnostic::error(
            Code::HiddenControl,
            format!(
                "`{key}` \"{shown}\" holds a direction control (U+{:04X})",
                u32::from(found)
            ),
        )
        .label("it reorders the text around it on screens and in PDF viewers")
        .help("retype the value, or paste it as plain text")
    } else if lines == Lines::One && (line_break(found) || found == '\u{0085}') {
        Diagnostic::error(
            Code::HiddenControl,
            format!("`{key}` \"{shown}\" must be one line"),
        )
        .label("a line break here prints the field on two lines")
        .help("join the lines with a space; only notes may span lines")
    } else {
        Diagnostic::error(
            Code::HiddenControl,
            format!(
                "`{key}` \"{shown}\" holds a control character (U+{:04X})",
                u32::from(found)
            ),
        )
        .label("it prints as nothing and comes from a broken export or copy-paste")
        .help("retype the value, or paste it as plain text")
    };
    Some(d)
}

/// The explicit direction embeddings, overrides and isolates: invisible,
/// and able to show a name's letters in another order than they are
/// stored (U+200E and U+200F, plain direction marks, are allowed).
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// More than `MAX_MARKS` combining marks in a row after one letter (in
/// NFC, so an accent with a precomposed letter does not count).
fn mark_flood(key: &str, s: &str) -> Option<Diagnostic> {
    use unicode_normalization::char::is_combining_mark;
    let mut run = 0;
    let mut longest = 0;
    for c in s.chars() {
        run = if is_combining_mark(c) { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    (longest > MAX_MARKS).then(|| {
        Diagnostic::error(
            Code::TooManyMarks,
            format!(
                "`{key}` \"{}\" has {longest} accent marks on one letter; rx accepts at most {MAX_MARKS}",
                shorten(&few_marks(s))
            ),
        )
        .label("stacked marks draw over the lines above and below")
        .help("retype the value without the extra marks (a copy-paste artefact)")
    })
}

/// `s` in Unicode Normalization Form C: a letter and its combining accents
/// as one precomposed character where Unicode has one ("e" + U+0301 is
/// "é"), as macOS and some practice-management exports do not write them.
/// The span stays the original text's, so diagnostics point at
/// the bytes as written.
pub fn nfc(s: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization as _, is_nfc_quick};
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s.to_owned()
    } else {
        s.nfc().collect()
    }
}

/// A patient id as a sheet prints it, the form in which two ids are the
/// same patient: the characters layout drops (zero-width spaces, byte-order
/// marks, direction marks, controls) removed, NFC, trimmed. `P1`, `P1` with
/// a zero-width space and `José` written with a combining accent each print
/// as one id, so they must never become two partial sheets.
pub fn id_as_printed(s: &str) -> String {
    // Every space prints as a space: a no-break space from a spreadsheet
    // is the same id as a plain one.
    let visible: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|&c| c == ' ' || !crate::fonts::is_invisible(c))
        .collect();
    nfc(visible.trim_matches(is_blank_char))
}

/// Longest video link rx prints: a QR code for more is too dense to scan
/// from paper at the size the sheet gives it.
pub const MAX_URL: usize = 200;

/// A video link: `http://` or `https://`, a host, printable ASCII with no
/// spaces (a link with other characters is written percent-encoded), at
/// most `MAX_URL` characters. `Ok(None)` for an empty cell.
pub fn url(
    key: &str,
    s: &str,
    span: Option<Span>,
) -> Result<Option<Spanned<String>>, Box<Diagnostic>> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = |label: &str, help: &str| {
        Err(Box::new(
            Diagnostic::error(
                Code::BadValue,
                format!("`{key}` is not a web link rx can print: \"{}\"", shorten(s)),
            )
            .at(span.clone())
            .label(label)
            .help(help),
        ))
    };
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &s[8..]
    } else if lower.starts_with("http://") {
        &s[7..]
    } else {
        return bad(
            "not an http(s) link",
            "give the video's web address, starting https://",
        );
    };
    if s.chars().count() > MAX_URL {
        return bad(
            &format!("longer than {MAX_URL} characters"),
            "use the video's short link: a long one makes a QR code too dense to scan",
        );
    }
    // Browsers read `\` as `/`: `https://evil.example\good.example/`
    // prints as a link to good.example but opens evil.example.
    if s.contains('\\') {
        return bad(
            "a backslash, which a browser reads as `/`",
            "copy the link from the browser's address bar",
        );
    }
    if !s.bytes().all(|b| b.is_ascii_graphic()) {
        return bad(
            "spaces or characters a link cannot hold",
            "copy the link from the browser's address bar (it percent-encodes them)",
        );
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.contains('@') {
        return bad(
            "no web address after the scheme",
            "give the whole link, like https://videos.example/bridge",
        );
    }
    Ok(Some(Spanned::new(s.to_owned(), span)))
}

/// Whether `s` shows nothing when printed: only spaces and invisible
/// characters, or nothing at all.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_blank_char)
}

/// A character that prints as empty space or as nothing. U+2800 (the blank
/// Braille pattern) is drawn, but as an empty cell.
fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || crate::fonts::is_invisible(c) || c == '\u{2800}'
}

/// Years a plan date (and `--date`, `SOURCE_DATE_EPOCH`) may fall in.
/// Wide enough for any real plan, narrow enough that a typo like
/// 20260-01-01 or a negative year is caught, and every date prints as a
/// four-digit year (PDF dates need one).
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Why `date` is outside `YEARS`, as a message label; `None` inside.
pub fn outside_years(date: NaiveDate) -> Option<String> {
    use chrono::Datelike as _;
    (!YEARS.contains(&date.year())).then(|| {
        format!(
            "rx accepts dates in the years {} to {}",
            YEARS.start(),
            YEARS.end()
        )
    })
}

/// A date written as text, `YYYY-MM-DD`, in the years `YEARS`.
pub fn date(key: &str, s: &str, span: Option<Span>) -> Result<Spanned<NaiveDate>, Box<Diagnostic>> {
    match NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        Ok(d) => in_years(key, d, span),
        Err(_) => Err(Box::new(bad_date(
            key,
            &format!("\"{}\"", shorten(s)),
            span,
        ))),
    }
}

/// `date` if its year is in `YEARS` (a negative
/// or five-digit year used to reach the sheet and the PDF's dates).
pub(super) fn in_years(
    key: &str,
    date: NaiveDate,
    span: Option<Span>,
) -> Result<Spanned<NaiveDate>, Box<Diagnostic>> {
    match outside_years(date) {
        None => Ok(Spanned::new(date, span)),
        Some(label) => Err(Box::new(
            Diagnostic::error(
                Code::BadValue,
                format!("`{key}` = {date} is outside the years rx accepts"),
            )
            .at(span)
            .label(label),
        )),
    }
}

pub(crate) fn bad_date(key: &str, shown: &str, span: Option<Span>) -> Diagnostic {
    Diagnostic::error(Code::BadDate, format!("`{key}` is not a date: {shown}"))
        .at(span)
        .label("expected a date like 2026-11-22")
        .help("write dates as YYYY-MM-DD")
}

pub(crate) fn wrong_type_at(
    span: Option<Span>,
    key: &str,
    expected: &str,
    found: &str,
) -> Diagnostic {
    Diagnostic::error(
        Code::WrongType,
        format!("`{key}` must be {expected}, not {}", article(found)),
    )
    .at(span)
    .label(format!("expected {expected}"))
}

pub(crate) fn article(type_name: &str) -> String {
    match type_name.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {type_name}"),
        _ => format!("a {type_name}"),
    }
}

/// A character a message shows as `?`: it would break the message's line
/// or reorder its text on the terminal.
fn shown_as_question_mark(c: char) -> bool {
    c.is_control() || is_direction_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// `s` with at most `MAX_MARKS` marks on a letter, to show in a message
/// without the flood.
fn few_marks(s: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    let mut run = 0;
    s.chars()
        .filter(|&c| {
            run = if is_combining_mark(c) { run + 1 } else { 0 };
            run <= MAX_MARKS
        })
        .collect()
}

/// A user's string cut short for a message, so a hostile 1 MB key does not
/// flood the terminal; control and direction characters show as `?`, so
/// the message reads in the order it was written.
pub fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        return s
            .chars()
            .map(|c| if shown_as_question_mark(c) { '?' } else { c })
            .collect();
    }
    let cut: String = s
        .chars()
        .take(MAX)
        .map(|c| if shown_as_question_mark(c) { '?' } else { c })
        .collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::{is_blank, text};
    use crate::diag::Code;

    /// A text is NFC, its span still the bytes as written.
    #[test]
    fn text_is_nfc_and_keeps_its_span() {
        let written = "Jose\u{301} Mu\u{308}ller";
        let span = crate::diag::Span::from(3..3 + written.len());
        let value = text("name", written, Some(span.clone()))
            .expect("not too long")
            .expect("not blank");
        assert_eq!(value.value, "Jos\u{e9} M\u{fc}ller");
        assert_eq!(value.span, Some(span));
        // A mark with no precomposed form stays, after its letter.
        assert_eq!(super::nfc("q\u{303}"), "q\u{303}");
    }

    /// Names made only of invisible characters are
    /// missing, and control characters never reach the sheet.
    #[test]
    fn invisible_text_is_no_text() {
        for blank in [
            "",
            " \t\n",
            "\u{200B}\u{200B}",
            "\u{FEFF}",
            "\u{200D}\u{2060}\u{00AD}\u{200E}",
            "\u{3164}\u{115F}\u{FE0F}\u{E0041}",
            "\u{3000}\u{00A0}\u{2800}",
        ] {
            assert!(is_blank(blank), "{blank:?}");
            assert_eq!(text("name", blank, None).expect("short"), None, "{blank:?}");
        }
        let kept = |s: &str| {
            text("name", s, None)
                .expect("short")
                .expect("a value")
                .value
        };
        assert_eq!(kept("\u{200B} Ann Lee \u{FEFF}"), "Ann Lee");
        assert_eq!(kept("line one\nline two"), "line one\nline two");
        assert!(!is_blank("José"));
    }

    #[test]
    fn controls_and_direction_overrides_are_refused_and_line_breaks_only_in_notes() {
        use super::line;
        let refused = |result: Result<_, Box<crate::diag::Diagnostic>>| {
            let d = result.expect_err("refused");
            (d.code, d.message)
        };
        assert_eq!(
            refused(line("name", "Ann \u{202E}htims", None)),
            (
                Code::HiddenControl,
                "`name` \"Ann ?htims\" holds a direction control (U+202E)".to_owned()
            )
        );
        assert_eq!(
            refused(line("name", "Ann\nSmith", None)),
            (
                Code::HiddenControl,
                "`name` \"Ann?Smith\" must be one line".to_owned()
            )
        );
        assert_eq!(
            refused(text("note", "Ann\u{0000}\u{001B}[31m Lee", None)),
            (
                Code::HiddenControl,
                "`note` \"Ann??[31m Lee\" holds a control character (U+0000)".to_owned()
            )
        );
        for isolate in ['\u{202A}', '\u{202D}', '\u{2066}', '\u{2069}'] {
            assert!(
                text("note", &format!("a{isolate}b"), None).is_err(),
                "{isolate:?}"
            );
        }
        assert!(line("name", "Ann\tLee", None).is_err());
        assert!(line("name", "Ann\u{2028}Lee", None).is_err());
        assert!(text("note", "one\u{2029}two", None).is_ok());
        assert_eq!(
            refused(text("note", "one\u{85}two", None)).1,
            "`note` \"one?two\" holds a control character (U+0085)"
        );
        // A note may span lines and hold tabs; a trailing line break from a
        // spreadsheet cell is trimmed, not refused.
        assert!(text("note", "slowly\r\n\tthen hold", None).is_ok());
        assert!(line("name", "Ann Lee\n", None).is_ok());
        // Plain direction marks are how right-to-left names are typed.
        assert!(line("name", "\u{5D3}\u{5E0}\u{200F} Lee", None).is_ok());
    }

    #[test]
    fn a_letter_with_more_than_four_marks_is_refused() {
        use super::line;
        let four = format!("q{}", "\u{301}\u{302}\u{303}\u{304}");
        assert!(line("name", &four, None).is_ok());
        let flood = format!("Ann Z{}", "\u{336}".repeat(94));
        let d = line("name", &flood, None).expect_err("refused");
        assert_eq!(d.code, Code::TooManyMarks);
        assert_eq!(
            d.message,
            "`name` \"Ann Z\u{336}\u{336}\u{336}\u{336}\" has 94 accent marks on one letter; rx accepts at most 4"
        );
        // Vietnamese: a letter with two marks, NFC or not.
        assert!(line("name", "Nguye\u{302}\u{303}n", None).is_ok());
    }

    #[test]
    fn ids_that_print_the_same_have_one_key() {
        use super::id_as_printed;
        for same in [
            "P 1",
            " P 1\u{200B}",
            "\u{FEFF}P 1",
            "P\u{00A0}1",
            "P\u{2060} 1",
        ] {
            assert_eq!(id_as_printed(same), "P 1", "{same:?}");
        }
        assert_eq!(id_as_printed("Jose\u{301}"), id_as_printed("Jos\u{E9}"));
        assert_ne!(id_as_printed("P1"), id_as_printed("p1"));
    }

    #[test]
    fn a_backslash_in_a_link_is_refused() {
        let d =
            super::url("video", "https://evil.example\\good.example/", None).expect_err("refused");
        assert_eq!(
            d.label.as_deref(),
            Some("a backslash, which a browser reads as `/`")
        );
        assert!(super::url("video", "https://good.example/a/b", None).is_ok());
    }

    #[test]
    fn an_invisible_patient_name_is_missing() {
        let catalogue = crate::catalogue::builtin().expect("built-in catalogue");
        let fonts = crate::fonts::Fonts::load();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
        // TOML escapes, since TOML refuses raw control characters.
        let invisible = r#""\u200b\ufeff\u2060""#;
        for (patient, prescriber, message) in [
            (invisible, r#""B""#, "missing patient name"),
            (r#""A""#, invisible, "missing prescriber name"),
        ] {
            let text = format!(
                "[patient]\nname = {patient}\n[prescriber]\nname = {prescriber}\n[plan]\nweeks = 2\n[[exercise]]\nname = \"bridge\"\n"
            );
            let (_, checked) = crate::check_plan(text.as_bytes(), &catalogue, &fonts, today);
            assert!(checked.plan.is_none(), "{text}");
            let found: Vec<(Code, &str)> = checked
                .diagnostics
                .iter()
                .map(|d| (d.code, d.message.as_str()))
                .collect();
            assert_eq!(found, [(Code::Missing, message)], "{text}");
        }
    }

    /// Every text under `templates/` (each TOML string, each line of the
    /// sheet wording), with a few hostile ones: what the byte-level look
    /// calls plain ASCII is what the character scan finds no control in,
    /// and its blanks are the ones `trim_ascii` trims.
    #[test]
    fn the_plain_ascii_shortcut_agrees_with_the_character_scan() {
        use super::{Lines, hidden_control, is_blank_char, is_plain_ascii};
        let agree = |s: &str| {
            for lines in [Lines::One, Lines::Many] {
                if is_plain_ascii(s, lines) {
                    assert!(hidden_control("k", s, lines).is_none(), "{s:?} {lines:?}");
                    assert_eq!(s.trim_ascii(), s.trim_matches(is_blank_char), "{s:?}");
                }
            }
        };
        let mut texts = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates"
        ))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("templates readable") {
                let path = entry.expect("an entry").path();
                let text = || std::fs::read_to_string(&path).expect("UTF-8 text");
                match path.extension().and_then(|e| e.to_str()) {
                    _ if path.is_dir() => dirs.push(path),
                    Some("toml") => {
                        let doc: toml_edit::DocumentMut = text().parse().expect("valid TOML");
                        strings(doc.as_item(), &mut texts);
                    }
                    Some("ftl") => texts.extend(text().lines().map(str::to_owned)),
                    _ => {}
                }
            }
        }
        let plain = texts
            .iter()
            .filter(|s| is_plain_ascii(s, Lines::Many))
            .count();
        assert!(
            plain > 0 && plain < texts.len(),
            "{plain} of {} built-in texts are plain ASCII: both paths must be taken",
            texts.len()
        );
        texts.iter().for_each(|s| agree(s));

        // Each ASCII character inside a word: plain exactly when the scan
        // accepts it, so the shortcut is taken wherever it can be.
        for b in 0..=0x7f_u8 {
            let s = format!("a{}b", char::from(b));
            for lines in [Lines::One, Lines::Many] {
                assert_eq!(
                    is_plain_ascii(&s, lines),
                    hidden_control("k", &s, lines).is_none(),
                    "{s:?} {lines:?}"
                );
            }
            agree(&format!("{}ab", char::from(b)));
            agree(&format!("ab{}", char::from(b)));
        }
        for hostile in [
            "Ann \u{202E}htims",
            "\u{2066}a",
            "one\u{85}two",
            "one\u{2028}two",
            "\u{FEFF}P1",
            "caf\u{e9}",
            "\r\n\t",
            "\u{7f}",
            "",
        ] {
            agree(hostile);
        }
    }

    /// Every string value in `item`, tables and arrays walked.
    fn strings(item: &toml_edit::Item, out: &mut Vec<String>) {
        fn value(v: &toml_edit::Value, out: &mut Vec<String>) {
            match v {
                toml_edit::Value::String(s) => out.push(s.value().clone()),
                toml_edit::Value::Array(a) => a.iter().for_each(|v| value(v, out)),
                toml_edit::Value::InlineTable(t) => t.iter().for_each(|(_, v)| value(v, out)),
                _ => {}
            }
        }
        match item {
            toml_edit::Item::Value(v) => value(v, out),
            toml_edit::Item::Table(t) => t.iter().for_each(|(_, i)| strings(i, out)),
            toml_edit::Item::ArrayOfTables(a) => a.iter().for_each(|t| {
                t.iter().for_each(|(_, i)| strings(i, out));
            }),
            toml_edit::Item::None => {}
        }
    }
}
