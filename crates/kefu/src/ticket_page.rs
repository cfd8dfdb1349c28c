//! The page at `GET /api/tickets`: what the receiver took, newest first. Everything a
//! ticket holds came from outside, so every piece of it is escaped; the page has no
//! inline script or style, as the server's CSP demands.

use crate::ticket_store::{Body, Ticket};
use std::fmt::Write;

/// The HTML page listing `tickets`, in the order given.
pub fn render(tickets: &[Ticket]) -> String {
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Tickets received</title>\n<link rel=\"stylesheet\" href=\"/css/site.css\">\n</head>\n\
         <body>\n<main>\n<h1>Tickets received</h1>\n",
    );
    if tickets.is_empty() {
        html.push_str("<p>No tickets received yet: post them to <code>/api/tickets</code>.</p>\n");
    } else {
        let plural = if tickets.len() == 1 { "" } else { "s" };
        let _ = writeln!(html, "<p>{} ticket{plural}, newest first.</p>", tickets.len());
    }
    for ticket in tickets {
        ticket_html(&mut html, ticket);
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

fn ticket_html(html: &mut String, ticket: &Ticket) {
    let _ = writeln!(html, "<article id=\"{}\">\n<h2>{}</h2>\n<dl>", ticket.id, escape(&ticket.reference()));
    let key = ticket.key.as_deref().unwrap_or("none");
    for (name, value) in
        [("Received", ticket.received_at.as_str()), ("Key", key), ("Content type", &ticket.content_type)]
    {
        let _ = writeln!(html, "<dt>{name}</dt><dd>{}</dd>", escape(value));
    }
    html.push_str("</dl>\n");
    match &ticket.body {
        Body::Json(_) => {
            let pretty = serde_json::to_string_pretty(&ticket.body.to_json()).unwrap_or_default();
            let _ = writeln!(html, "<pre>{}</pre>", escape(&pretty));
        }
        Body::Fields(fields) if fields.is_empty() => html.push_str("<p>No fields.</p>\n"),
        Body::Fields(fields) => {
            html.push_str("<dl>\n");
            for (name, value) in fields {
                let _ = writeln!(html, "<dt>{}</dt><dd>{}</dd>", escape(name), escape(value));
            }
            html.push_str("</dl>\n");
        }
    }
    if !ticket.files.is_empty() {
        html.push_str("<h3>Attachments</h3>\n<ul>\n");
        for (n, file) in ticket.files.iter().enumerate() {
            let _ = writeln!(
                html,
                "<li><a href=\"/api/tickets/{}/files/{}\" download>{}</a> ({}, {} bytes; field {})</li>",
                ticket.id,
                n + 1,
                escape(&file.name),
                escape(&file.content_type),
                file.size,
                escape(&file.field)
            );
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</article>\n");
}

/// `text` safe in HTML text and in quoted attribute values.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket_store::FileInfo;

    #[test]
    fn everything_a_ticket_holds_is_escaped() {
        let evil = "<script>alert(1)</script>\"'&";
        let ticket = Ticket {
            id: 7,
            received_at: "2026-01-02T03:04:05Z".into(),
            key: Some(evil.into()),
            content_type: "multipart/form-data".into(),
            body: Body::Fields(vec![(evil.into(), evil.into())]),
            files: vec![FileInfo { field: evil.into(), name: evil.into(), content_type: evil.into(), size: 3 }],
        };
        let html = render(&[ticket]);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
        assert!(html.contains("<h2>T-00007</h2>"));
        assert!(html.contains("<a href=\"/api/tickets/7/files/1\" download>"));
        assert!(!html.contains("style="));

        let json = Ticket { body: Body::Json(format!("{{\"text\": {}}}", serde_json::json!(evil))), ..dummy() };
        let html = render(&[json]);
        assert!(html.contains("<pre>{\n  &quot;text&quot;: &quot;&lt;script&gt;"), "{html}");
    }

    fn dummy() -> Ticket {
        Ticket {
            id: 1,
            received_at: String::new(),
            key: None,
            content_type: "application/json".into(),
            body: Body::Fields(Vec::new()),
            files: Vec::new(),
        }
    }
}
