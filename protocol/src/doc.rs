//! Spec text as rustdoc Markdown and back: the generator writes every description into
//! doc comments with [`escape`], and `#[derive(Describe)]` reads the metadata's
//! descriptions back out of them with [`unescape`], which gives the spec's text exactly.

/// The characters rustdoc would read as links, HTML, emphasis or code, escaped with `\`.
const ESCAPED: [char; 8] = ['[', ']', '<', '>', '*', '`', '\\', '_'];

/// Spec text as rustdoc Markdown: brackets, angle brackets, emphasis and code marks
/// escaped (they would be read as links, HTML and markup), bare URLs made autolinks
/// (`<https://…>`), tabs read as one space.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let text = text.replace('\t', " ");
    let mut rest = text.as_str();
    while let Some(at) = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| rest.find(scheme))
        .min()
    {
        let (plain, tail) = rest.split_at(at);
        escape_into(&mut out, plain);
        let end = tail
            .find(|c: char| {
                c.is_whitespace()
                    || !c.is_ascii()
                    || matches!(c, ')' | '"' | '\'' | '<' | '>' | '[' | ']')
            })
            .unwrap_or(tail.len());
        let (candidate, after) = tail.split_at(end);
        let url = candidate.trim_end_matches(['.', ',', ';', ':']);
        out.push('<');
        out.push_str(url);
        out.push('>');
        escape_into(&mut out, candidate.get(url.len()..).unwrap_or_default());
        rest = after;
    }
    escape_into(&mut out, rest);
    out
}

fn escape_into(out: &mut String, plain: &str) {
    for c in plain.chars() {
        if ESCAPED.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// The text [`escape`] was given (tabs aside): an escaped character without its `\`, an
/// autolink's `<` and `>` dropped. Markdown it did not write (the generator's own
/// sentences, such as ``The `Disk` model.``) comes back as written.
pub fn unescape(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut chars = markdown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|next| ESCAPED.contains(next)) => {
                out.extend(chars.next());
            }
            // `escape` writes every other `<` escaped: this one opens an autolink, whose
            // URL is copied as it is, up to its `>`.
            '<' if autolink_follows(chars.clone()) => {
                for c in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether the text after a bare `<` is an autolink: a URL, then `>`.
fn autolink_follows(rest: impl Iterator<Item = char>) -> bool {
    let head: String = rest.take(8).collect();
    head.starts_with("https://") || head.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_text_becomes_safe_markdown() {
        for (text, doc) in [
            ("范围[20,500]", "范围\\[20,500\\]"),
            (
                "see https://docs.ucloud.cn/api.",
                "see <https://docs.ucloud.cn/api>.",
            ),
            ("a <b> c", "a \\<b\\> c"),
            ("snake_case and `code`", "snake\\_case and \\`code\\`"),
            ("参见 https://x.cn/a)，后文", "参见 <https://x.cn/a>)，后文"),
            ("a\tb", "a b"),
        ] {
            assert_eq!(escape(text), doc, "{text}");
        }
    }

    /// Every text comes back exactly, backslashes, angle brackets and URLs included.
    #[test]
    fn unescape_inverts_escape() {
        let texts = [
            "",
            "plain",
            "范围[20,500]",
            "a <b> c > d < e",
            r"C:\path\to_file and \\ twice, \n not a newline",
            "see https://docs.ucloud.cn/api. and http://x.cn/a)，后文",
            "<https://already.bracketed> and <http://x>",
            "*bold* _it_ `code` [link](https://x.y/z?a=1&b=2)",
            "ends with a backslash \\",
            "trailing scheme https://",
            r"https://x.cn/a\_b*c`d and after_it",
        ];
        for text in texts {
            assert_eq!(unescape(&escape(text)), text, "{text}");
        }
    }

    #[test]
    fn markdown_the_generator_writes_reads_as_written() {
        assert_eq!(unescape("The `Disk` model."), "The `Disk` model.");
        assert_eq!(unescape("a [`Client`] > b"), "a [`Client`] > b");
    }
}
