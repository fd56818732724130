//! The clinic on the sheet: its logo and a block of its name, address,
//! phone, e-mail and website at the top of page 1, and the line that tells
//! the patient whom to call with a question. Both come from the clinic's
//! settings (`rx.toml`) or the plan's `[prescriber]`.

use super::composer::Composer;
use super::flow::Block;
use super::style::{INK, TINT};
use super::text::{isolate, wrap_parts};
use crate::document::Item;
use crate::lang::{Arg, Messages};
use crate::plan::Plan;

/// The clinic block, when the settings give more than the header already
/// prints (a logo, an address, an e-mail or a website).
pub fn block(plan: &Plan, pen: &Composer) -> Option<Block> {
    let contact = &plan.contact;
    if contact.logo.is_none()
        && contact.address.is_none()
        && contact.email.is_none()
        && contact.website.is_none()
    {
        return None;
    }
    let style = pen.style;
    let logo = contact.logo.as_ref().map(|image| {
        // Within a box about 1.9 x 0.75 inch (larger in large print),
        // proportions kept.
        let (w, h) = image.upright_size();
        let (max_w, max_h) = (style.figure_w, style.body * 4.5);
        let scale = (max_w / w as f32).min(max_h / h as f32);
        (image, w as f32 * scale, h as f32 * scale)
    });
    let gutter = style.body * 1.2;
    let x = logo
        .as_ref()
        .map_or(pen.left, |(_, w, _)| pen.left + w + gutter);
    let width = pen.left + pen.width - x;
    let mut rows = Vec::new();
    if let Some(name) = &plan.prescriber.clinic {
        rows.extend(pen.paragraph(name, pen.lettering(style.heading, true), x, width, INK));
    }
    let body = pen.lettering(style.body, false);
    if let Some(address) = &contact.address {
        rows.extend(pen.paragraph(address, body, x, width, INK));
    }
    // Phone, e-mail and website on one line where they fit, breaking only
    // between them.
    let parts: Vec<String> = [
        plan.prescriber.phone.as_ref().map(|p| {
            pen.words
                .with("clinic-phone", &[("phone", Arg::from(&isolate(p)))])
        }),
        contact.email.clone(),
        contact.website.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !parts.is_empty() {
        let lines = wrap_parts(&parts, body, width, width, pen.fonts);
        rows.extend(pen.rows(&lines, style.body, x, INK));
    }
    if let Some((image, w, h)) = logo {
        let text_h: f32 = rows.iter().map(|r| r.height).sum();
        if rows.is_empty() {
            rows.push(pen.space(h));
        } else if text_h < h {
            rows.push(pen.space(h - text_h));
        }
        rows[0].items.push(Item::Image {
            x: pen.left,
            y: 0.0,
            w,
            h,
            image: std::sync::Arc::clone(image),
        });
    }
    Some(Block {
        rows,
        space_after: style.gap,
    })
}

/// Longest name the contact line repeats; a longer one (the header prints
/// it whole) makes the sentence hard to read, and the line "your clinic".
const CONTACT_NAME: usize = 60;

/// "Questions? Call Riverside Physical Therapy on +1 555 0142, or e-mail
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
    let phone = plan.prescriber.phone.as_deref().map(isolate);
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

/// The contact line, bold on a tinted band, after the last exercise.
pub fn contact(plan: &Plan, pen: &Composer) -> Option<Block> {
    let text = contact_line(plan, pen.words)?;
    let style = pen.style;
    let pad = style.body * 0.6;
    let mut rows = vec![pen.space(pad)];
    rows.extend(pen.paragraph(
        &text,
        pen.lettering(style.body, true),
        pen.left + pad,
        pen.width - 2.0 * pad,
        INK,
    ));
    rows.push(pen.space(pad));
    let h: f32 = rows.iter().map(|r| r.height).sum();
    rows[0].items.push(Item::Rect {
        x: pen.left,
        y: 0.0,
        w: pen.width,
        h,
        stroke: None,
        fill: Some(TINT),
    });
    Some(Block {
        rows,
        space_after: style.gap,
    })
}
