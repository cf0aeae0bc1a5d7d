//! A thin pull layer over quick-xml: element opens and closes by local name,
//! and text with entity and character references resolved.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::BufRead;

/// What the walker reports.
pub(crate) enum Node<'a> {
    /// An element opens (also for `<empty/>`, which is followed by its `Close`).
    Open(&'a BytesStart<'a>),
    /// An element closes: its local name.
    Close(&'a [u8]),
    /// The text directly inside the current element, references resolved.
    Text(&'a str),
}

/// Walk a document, calling `visit` for each node; stops at the first error.
pub(crate) fn walk<R: BufRead>(
    input: R,
    mut visit: impl FnMut(Node<'_>) -> Result<(), String>,
) -> Result<(), (u64, String)> {
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut text = String::new();
    let mut depth = 0usize;
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| (position, e.to_string()))?;
        let fail = |reason: String| (position, reason);
        match event {
            Event::Text(t) => text.push_str(&t.decode().map_err(|e| fail(e.to_string()))?),
            Event::CData(t) => text.push_str(&t.decode().map_err(|e| fail(e.to_string()))?),
            Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().map_err(|e| fail(e.to_string()))? {
                    text.push(c);
                } else {
                    let name = r.decode().map_err(|e| fail(e.to_string()))?;
                    text.push_str(match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => return Err(fail(format!("unknown entity &{other};"))),
                    });
                }
            }
            other => {
                // Text is trimmed whole: trimming each piece would eat the spaces
                // around an entity ("Test &amp; Fixture").
                let trimmed = text.trim();
                if !trimmed.is_empty() {
                    visit(Node::Text(trimmed)).map_err(fail)?;
                }
                text.clear();
                match other {
                    Event::Start(e) => {
                        depth += 1;
                        visit(Node::Open(&e)).map_err(fail)?
                    }
                    Event::Empty(e) => {
                        visit(Node::Open(&e)).map_err(fail)?;
                        visit(Node::Close(e.local_name().into_inner())).map_err(fail)?;
                    }
                    Event::End(e) => {
                        depth = depth.saturating_sub(1);
                        visit(Node::Close(e.local_name().into_inner())).map_err(fail)?
                    }
                    // A list cut short must not pass for a shorter list.
                    Event::Eof if depth > 0 => {
                        return Err(fail(format!(
                            "the file ends inside {depth} open element(s): truncated?"
                        )))
                    }
                    Event::Eof => return Ok(()),
                    _ => {}
                }
            }
        }
        buf.clear();
    }
}

/// An attribute's value, unescaped; `None` when absent or malformed.
pub(crate) fn attr(element: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    let found = element.try_get_attribute(name).ok().flatten()?;
    found
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

/// An attribute parsed as a number.
pub(crate) fn attr_num(element: &BytesStart<'_>, name: &[u8]) -> Option<u64> {
    attr(element, name)?.trim().parse().ok()
}
