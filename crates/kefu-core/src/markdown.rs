//! The one Markdown entry point: every piece of Markdown kefu renders goes through
//! [`render`], so options and safety rules live in one place.

use pulldown_cmark::{Event, Options, Parser, html};

/// The Markdown extensions kefu enables.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders Markdown to HTML. Raw HTML in the source is shown as text, not passed
/// through, so nothing an author pastes can run script on the help center.
pub fn render(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_of_renderings() {
        let cases = [
            ("**粗体** and `code`", "<p><strong>粗体</strong> and <code>code</code></p>\n"),
            (
                "| a |\n|---|\n| b |",
                "<table><thead><tr><th>a</th></tr></thead><tbody>\n<tr><td>b</td></tr>\n</tbody></table>\n",
            ),
            ("- [x] done", "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\ndone</li>\n</ul>\n"),
        ];
        for (markdown, expected) in cases {
            assert_eq!(render(markdown), expected, "{markdown}");
        }
    }

    #[test]
    fn raw_html_is_escaped_not_passed_through() {
        let html = render("<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }
}
