//! HTML in schedule text (FOSDEM abstracts, Sched descriptions) turned into plain, wrapped-ready
//! text: tags dropped, block elements as line breaks, list items as bullets, links kept as
//! "label (url)", entities decoded.

/// Converts an HTML fragment into plain text. Not a full HTML parser: it reads tags and
/// entities well enough for the abstracts schedules carry, and never fails.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // The href of the link being read, and where its label starts in `out`.
    let mut link: Option<(String, usize)> = None;
    let mut skip_until: Option<&'static str> = None;
    while let Some(lt) = rest.find('<') {
        let (text, tail) = rest.split_at(lt);
        if skip_until.is_none() {
            push_text(&mut out, text);
        }
        // A comment ends at "-->", whatever '>' it holds; one never closed hides the rest.
        if let Some(comment) = tail.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(tag_len) = tag_length(tail) else {
            // A '<' that does not open a tag ("a < b") is text.
            if skip_until.is_none() {
                out.push('<');
            }
            rest = &tail[1..];
            continue;
        };
        let tag = &tail[1..tag_len - 1];
        rest = &tail[tag_len..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(end) = skip_until {
            if closing && name == end {
                skip_until = None;
            }
            continue;
        }
        match (name.as_str(), closing) {
            ("script", false) => skip_until = Some("script"),
            ("style", false) => skip_until = Some("style"),
            ("br", _) => out.push('\n'),
            ("li", false) => {
                line_break(&mut out);
                out.push_str("• ");
            }
            (
                "p" | "div" | "ul" | "ol" | "blockquote" | "pre" | "table" | "h1" | "h2" | "h3"
                | "h4" | "h5" | "h6",
                _,
            ) => paragraph_break(&mut out),
            ("tr" | "li" | "dt" | "dd", true) => line_break(&mut out),
            ("a", false) => link = attribute(tag, "href").map(|href| (href, out.len())),
            ("a", true) => {
                if let Some((href, label_start)) = link.take() {
                    let label = out[label_start..].trim();
                    let same = label == href
                        || label.trim_end_matches('/') == href.trim_end_matches('/')
                        || href.strip_prefix("mailto:") == Some(label);
                    if !href.is_empty() && !href.starts_with('#') && !same {
                        if label.is_empty() {
                            out.push_str(&href);
                        } else {
                            out.push_str(&format!(" ({href})"));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if skip_until.is_none() {
        push_text(&mut out, rest);
    }
    out.trim().to_string()
}

/// Length of the tag starting at `text[0] == '<'`, including both brackets, when it is one.
fn tag_length(text: &str) -> Option<usize> {
    let second = text[1..].chars().next()?;
    if !(second.is_ascii_alphabetic() || second == '/' || second == '!') {
        return None;
    }
    text.find('>').map(|end| end + 1)
}

/// An attribute's decoded value from the inside of a tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = lower[..at].ends_with(|c: char| c.is_whitespace());
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - after.len() + 1;
        let value = tag[value_start..].trim_start();
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        return Some(decode_entities(value.trim()));
    }
    None
}

/// Text between tags: white space collapses as a browser would, entities are decoded.
fn push_text(out: &mut String, text: &str) {
    let decoded = decode_entities(text);
    for c in decoded.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else if c == '\u{a0}' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
}

fn line_break(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn paragraph_break(out: &mut String) {
    line_break(out);
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// Decodes HTML character references: every HTML5 named one and every numeric one, each with
/// its ';'. Unknown or malformed references stay as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let end = tail[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|i| i + 1);
        let decoded = end.and_then(|end| {
            if tail[end..].starts_with(';') {
                entity(&tail[1..end]).map(|c| (c, end + 1))
            } else {
                None
            }
        });
        match decoded {
            Some((c, used)) => {
                out.push_str(&c);
                rest = &tail[used..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What a character reference stands for: a numeric one, or any of the HTML5 named ones
/// (`&ntilde;`, `&hearts;`, `&NotEqualTilde;`, some of which are two characters), from
/// htmlize's copy of the WHATWG table.
fn entity(name: &str) -> Option<String> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).map(String::from);
    }
    let value = htmlize::ENTITIES.get(format!("&{name};").as_bytes())?;
    std::str::from_utf8(value).ok().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_links() {
        let html = "<p>Hello <b>world</b>&nbsp;&amp; friends.</p>\n<ul>\n<li>one</li>\n<li>two &lt;3</li></ul><p>See <a href=\"https://example.org/x?a=1&amp;b=2\">the site</a> or <a href='https://e.org'>https://e.org</a>.</p>";
        assert_eq!(
            html_to_text(html),
            "Hello world & friends.\n\n• one\n• two <3\n\nSee the site (https://example.org/x?a=1&b=2) or https://e.org."
        );
    }

    #[test]
    fn text_that_only_looks_like_html_survives() {
        assert_eq!(html_to_text("a < b && c > d"), "a < b && c > d");
        assert_eq!(
            html_to_text("AT&T; &bogus; &#x1F980; &#233;"),
            "AT&T; &bogus; 🦀 é"
        );
        assert_eq!(
            html_to_text("<script>alert(1)</script>safe<br/>next"),
            "safe\nnext"
        );
        assert_eq!(html_to_text("unclosed <a href=\"x\"> tag"), "unclosed tag");
        assert_eq!(html_to_text("<broken"), "<broken");
    }

    #[test]
    fn every_html5_named_entity_is_decoded() {
        assert_eq!(
            html_to_text("Jos&eacute; Mu&ntilde;oz, S&atilde;o Paulo, &Aacute;lvaro L&oacute;pez"),
            "José Muñoz, São Paulo, Álvaro López"
        );
        assert_eq!(
            html_to_text("I &hearts; 20&deg;C &plusmn; 2, &frac12; &rArr; &NotEqualTilde;"),
            "I ♥ 20°C ± 2, ½ ⇒ \u{2242}\u{338}"
        );
        // Names are case-sensitive, as in HTML: &Eacute; is É, &EACUTE; is no entity.
        assert_eq!(html_to_text("&Eacute; &EACUTE;"), "É &EACUTE;");
    }

    #[test]
    fn comments_are_skipped_whatever_they_hold() {
        assert_eq!(html_to_text("a<!-- a > b -->c"), "ac");
        assert_eq!(
            html_to_text("<p>one</p><!-- <p>hidden</p> -->two"),
            "one\n\ntwo"
        );
        assert_eq!(html_to_text("kept<!-- never closed > x"), "kept");
    }
}
