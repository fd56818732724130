//! The clinic on the sheet: its logo, name, address, phone, e-mail and
//! website in page 1's header, and the line that tells
//! the patient whom to call with a question. Both come from the clinic's
//! settings (`rx.toml`) or the plan's `[prescriber]`.

use super::composer::Composer;
use super::flow::{Block, Row};
use super::style::{INK, TINT};
use super::text::{isolate, wrap, wrap_parts};
use crate::document::Item;
use crate::lang::{Arg, Messages};
use crate::plan::Plan;

/// The left half of page 1's header when the settings give more than the
/// clinic's name and phone (a logo, an address, an e-mail or a website):
/// the logo, and beside it the clinic's name, address, phone, e-mail and
/// website and the prescriber's name, each once, so nothing on the page
/// repeats and no body height goes to a separate clinic block. Rows for a
/// column `width` wide from the left margin; each field at most
/// `max_lines` lines. `None`: the plain header.
pub fn header(plan: &Plan, composer: &Composer, width: f32, max_lines: usize) -> Option<Vec<Row>> {
    let contact = &plan.contact;
    if contact.logo.is_none()
        && contact.address.is_none()
        && contact.email.is_none()
        && contact.website.is_none()
    {
        return None;
    }
    let style = composer.style;
    let size = style.small;
    let logo = contact.logo.as_ref().map(|image| {
        // Within LOGO_BOX, proportions kept, in either print size.
        let (w, h) = image.upright_size();
        let (max_w, max_h) = LOGO_BOX;
        let scale = (max_w / w as f32).min(max_h / h as f32);
        (image, w as f32 * scale, h as f32 * scale)
    });
    let gutter = size;
    let logo_h = logo.as_ref().map_or(0.0, |(_, _, h)| *h);
    let beside = logo
        .as_ref()
        .map_or(composer.left, |(_, w, _)| composer.left + w + gutter);
    let mut column: Vec<Row> = Vec::new();
    let height = |column: &[Row]| column.iter().map(|r| r.height).sum::<f32>();
    // Beside the logo while it runs, then under it across the column; a
    // line that cannot fit beside it (a long e-mail address) starts under
    // it rather than break inside.
    let place = |height: f32| {
        if height < logo_h {
            (beside, composer.left + width - beside)
        } else {
            (composer.left, width)
        }
    };
    let field = |text: &str, font, (x, w): (f32, f32)| {
        let lines = super::sheet::at_most(
            wrap(text, font, w, composer.fonts),
            max_lines,
            font,
            w,
            composer,
        );
        composer.rows(&lines, size, x, INK)
    };
    let bold = composer.lettering(size, true);
    let regular = composer.lettering(size, false);
    if let Some(name) = &plan.prescriber.clinic {
        let rows = field(name, bold, place(height(&column)));
        column.extend(rows);
    }
    if let Some(address) = &contact.address {
        let rows = field(&keep_postcodes(address), regular, place(height(&column)));
        column.extend(rows);
    }
    // Phone, e-mail and website on one line where they fit, breaking only
    // between them, none inside.
    let parts: Vec<String> = [
        plan.prescriber.phone.as_ref().map(|p| {
            composer.words.with(
                "clinic-phone",
                &[("phone", Arg::from(&isolate(&unbreakable(p))))],
            )
        }),
        contact.email.clone(),
        contact.website.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !parts.is_empty() {
        let (mut x, mut w) = place(height(&column));
        let widest = parts
            .iter()
            .map(|p| super::text::width(p, regular, composer.fonts))
            .fold(0.0, f32::max);
        if widest > w && height(&column) < logo_h {
            column.push(composer.space(logo_h - height(&column)));
            (x, w) = place(logo_h);
        }
        let lines = wrap_parts(&parts, regular, w, w, composer.fonts);
        column.extend(composer.rows(&lines, size, x, INK));
    }
    let rows = field(&plan.prescriber.name, regular, place(height(&column)));
    column.extend(rows);
    if let Some((image, w, h)) = logo {
        let text_h = height(&column);
        if text_h < h {
            column.push(composer.space(h - text_h));
        }
        column[0].items.push(Item::Image {
            x: composer.left,
            y: 0.0,
            w,
            h,
            image: std::sync::Arc::clone(image),
        });
    }
    Some(column)
}

/// The box a logo is shown within, in points, in either print size: about
/// 1.4 x 0.55 inch (`picture::LOGO` keeps 300 dpi over it).
pub const LOGO_BOX: (f32, f32) = (100.0, 40.0);

/// `phone` with a no-break space for each space between two parts of the
/// number (digits, in any script, or `+ ( ) - . /`), so a number never
/// breaks across lines ("(603)" / "555-0187"); words after it ("ext. 12,
/// ask for Dana") still wrap.
pub fn unbreakable(phone: &str) -> String {
    let numeric = |c: Option<char>| {
        c.is_some_and(|c| c.is_numeric() || matches!(c, '+' | '(' | ')' | '-' | '.' | '/'))
    };
    let chars: Vec<char> = phone.chars().collect();
    let mut out = String::with_capacity(phone.len());
    for (i, &c) in chars.iter().enumerate() {
        let bind = c == ' '
            && numeric(i.checked_sub(1).map(|j| chars[j]))
            && numeric(chars.get(i + 1).copied());
        if bind {
            out.push_str(NBSP);
        } else {
            out.push(c);
        }
    }
    out
}

/// `address` with a no-break space before a word with a digit in it (in
/// any script) where the word before it has a digit too or is a short
/// capital abbreviation, so a postcode stays whole and with its state
/// ("NH 03801", "SW1A 1AA", "MA 02115"); the address still breaks between
/// its other words.
pub fn keep_postcodes(address: &str) -> String {
    let words: Vec<&str> = address.split(' ').collect();
    let numeric = |w: &str| w.chars().any(char::is_numeric);
    let state =
        |w: &str| (1..=3).contains(&w.chars().count()) && w.chars().all(|c| c.is_uppercase());
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            let before = words[i - 1];
            let bind = numeric(word) && (numeric(before) || state(before));
            out.push_str(if bind { NBSP } else { " " });
        }
        out.push_str(word);
    }
    out
}

const NBSP: &str = "\u{a0}";

/// Longest name the contact line repeats; a longer one (the header prints
/// it whole) makes the sentence hard to read, and the line "your clinic".
const CONTACT_NAME: usize = 60;

/// "Questions? Call Riverside Physical Therapy at +1 555 0142, or e-mail
/// front.desk@riverside.example.", or the e-mail alone, each value in
/// isolation marks (`text::isolate`); `None` when the plan and settings
/// give neither a phone nor an e-mail.
pub fn contact_line(plan: &Plan, words: &Messages) -> Option<String> {
    let who = plan
        .prescriber
        .clinic
        .clone()
        .unwrap_or_else(|| plan.prescriber.name.clone());
    let who = if who.chars().count() > CONTACT_NAME {
        words.text("contact-your-clinic")
    } else {
        who
    };
    // Each value isolated, so a right-to-left name cannot reorder the
    // phone number or e-mail beside it.
    let who = isolate(&who);
    let who = ("who", Arg::from(&who));
    let phone = plan
        .prescriber
        .phone
        .as_deref()
        .map(|p| isolate(&unbreakable(p)));
    let email = plan.contact.email.as_deref().map(isolate);
    match (&phone, &email) {
        (Some(phone), Some(email)) => Some(words.with(
            "contact-phone-email",
            &[who, ("phone", phone.into()), ("email", email.into())],
        )),
        (Some(phone), None) => Some(words.with("contact-phone", &[who, ("phone", phone.into())])),
        (None, Some(email)) => Some(words.with("contact-email", &[who, ("email", email.into())])),
        (None, None) => None,
    }
}

/// `plan` without what its contact line says (`contact_line`): its phone,
/// its e-mail and the name it tells the patient to call. Page 1's header
/// is set from it when that page also shows the contact line, so no field
/// is printed twice on a page.
pub fn without_contact(plan: &Plan) -> Plan {
    let mut quiet = plan.clone();
    quiet.prescriber.phone = None;
    quiet.contact.email = None;
    let said = |name: &str| name.chars().count() <= CONTACT_NAME;
    match &plan.prescriber.clinic {
        Some(clinic) if said(clinic) => quiet.prescriber.clinic = None,
        Some(_) => {}
        None if said(&plan.prescriber.name) => quiet.prescriber.name = String::new(),
        None => {}
    }
    quiet
}

/// The contact line, bold on a tinted band, after the last exercise.
pub fn contact(plan: &Plan, composer: &Composer) -> Option<Block> {
    let text = contact_line(plan, composer.words)?;
    let style = composer.style;
    let pad = style.body * 0.5;
    let mut rows = vec![composer.space(pad)];
    let line = composer.paragraph(
        &text,
        composer.lettering(style.body, true),
        composer.left + pad,
        composer.width - 2.0 * pad,
        INK,
    );
    let tag = crate::document::Tag::top(crate::document::Role::P, super::sheet::top::CONTACT);
    rows.extend(super::marks::mark(line, &tag));
    rows.push(composer.space(pad));
    let h: f32 = rows.iter().map(|r| r.height).sum();
    rows[0].items.push(Item::Rect {
        x: composer.left,
        y: 0.0,
        w: composer.width,
        h,
        stroke: None,
        fill: Some(TINT),
    });
    Some(Block {
        rows,
        space_after: style.gap,
    })
}

#[cfg(test)]
mod tests {
    use super::{keep_postcodes, unbreakable};
    use crate::fonts::Fonts;
    use crate::layout::text::{Lettering, wrap};

    /// At every width a line can have, a phone number, a postcode and an
    /// e-mail address wrap only outside themselves, in Latin and Arabic
    /// digits alike.
    #[test]
    fn phone_numbers_postcodes_and_email_addresses_never_break_inside() {
        let fonts = Fonts::load();
        let font = Lettering {
            size: 11.0,
            bold: false,
        };
        let cases = [
            (unbreakable("(603) 555-0187 ext. 12"), "(603) 555-0187"),
            (unbreakable("+1 555 0142"), "+1 555 0142"),
            (unbreakable("+٩٦٦ ٥٥ ١٢٣ ٤٥٦٧"), "+٩٦٦ ٥٥ ١٢٣ ٤٥٦٧"),
            (
                keep_postcodes("12 Market Street, Portsmouth, NH 03801"),
                "NH 03801",
            ),
            (
                keep_postcodes("10 Downing Street, London SW1A 2AA"),
                "SW1A 2AA",
            ),
            (
                "Questions? E-mail front.desk@riverside.example today.".to_string(),
                "front.desk@riverside.example",
            ),
        ];
        for (text, whole) in cases {
            let needed = crate::layout::text::width(whole, font, &fonts);
            for w in (needed.ceil() as u32 + 1)..400 {
                let lines: Vec<String> = wrap(&text, font, w as f32, &fonts)
                    .iter()
                    .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect::<String>())
                    .map(|l| l.replace('\u{a0}', " "))
                    .collect();
                assert!(
                    lines.iter().any(|l| l.contains(whole)),
                    "{whole:?} broken at {w} pt: {lines:?}"
                );
            }
        }
    }
}
