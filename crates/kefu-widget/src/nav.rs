//! Where the visitor is in the panel: a stack of views, each with what it was given.
//! Pure, so that it is tested natively; the panel renders `current()`.

use kefu_model::contact::Urgency;
use kefu_model::flow::{Flows, Handover};

/// A view of the panel and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// The search box, suggestions for this page and popular articles.
    Home,
    /// The results of a search.
    Results {
        /// What the visitor searched for.
        query: String,
    },
    /// An article, read inside the panel.
    Article {
        /// Its absolute URL (with `#anchor` for a section).
        url: String,
    },
    /// The ways to reach a person, ranked for a topic and an urgency.
    Contact {
        /// What it is about (a topic's id), when known.
        topic: Option<String>,
        /// How urgent it is, when known.
        urgency: Option<Urgency>,
        /// What a flow found out, when one led here: shown, so the visitor need not repeat it.
        handover: Option<Handover>,
    },
    /// The ticket form (its own module, loaded on demand), for a topic and an urgency.
    Ticket {
        /// What it is about (a topic's id), when known.
        topic: Option<String>,
        /// How urgent it is, when known.
        urgency: Option<Urgency>,
        /// What a flow found out, when one led here: the form is prefilled with it.
        handover: Option<Handover>,
    },
    /// A self-help flow; where the visitor is in it is the app's walk (`Shared::walk`),
    /// which outlives the view.
    Flow {
        /// The flow's id.
        id: String,
    },
}

/// The names `Kefu("navigate", name, arg)` accepts, for the warning about any other.
pub const VIEW_NAMES: &str = "home, results (arg: the query), article (arg: its URL), contact and ticket (arg: { topic, urgency }, both optional), flow (arg: its id)";

/// What `Kefu("navigate", name, arg)` gave as its arg: a text, or an object's fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Arg {
    /// The arg when it is a string.
    pub text: Option<String>,
    /// Its `topic` field.
    pub topic: Option<String>,
    /// Its `urgency` field.
    pub urgency: Option<String>,
}

impl View {
    /// The view `Kefu("navigate", name, arg)` asks for.
    pub fn named(name: &str, arg: Arg) -> Result<View, String> {
        let text = arg.text.filter(|a| !a.trim().is_empty());
        match (name, text) {
            ("home", _) => Ok(View::Home),
            ("results", Some(query)) => Ok(View::Results { query }),
            ("article", Some(url)) => Ok(View::Article { url }),
            ("flow", Some(id)) => Ok(View::Flow { id }),
            ("results" | "article" | "flow", None) => {
                Err(format!("navigate(\"{name}\", arg) needs its arg: {VIEW_NAMES}"))
            }
            ("contact" | "ticket", _) => {
                let urgency = arg
                    .urgency
                    .map(|u| Urgency::named(&u).ok_or_else(|| format!("urgency \"{u}\" is not urgent, normal or low")))
                    .transpose()?;
                Ok(if name == "ticket" {
                    View::Ticket { topic: arg.topic, urgency, handover: None }
                } else {
                    View::Contact { topic: arg.topic, urgency, handover: None }
                })
            }
            _ => Err(format!("unknown view \"{name}\"; views are: {VIEW_NAMES}")),
        }
    }

    /// Whether the search box shows above this view.
    pub fn has_search_box(&self) -> bool {
        matches!(self, View::Home | View::Results { .. })
    }

    /// The view that shows the help center's page `url` (absolute; the help center is at
    /// `site`): a flow's page opens the flow, any other page the article reader.
    pub fn page(flows: &Flows, site: &str, url: &str) -> View {
        // Flows know their pages relative to the site root, without anchor or query.
        let path = url.strip_prefix(site).unwrap_or(url);
        let path = path.split(['#', '?']).next().unwrap_or_default();
        let path = path.strip_suffix("index.html").unwrap_or(path);
        match flows.at_url(path) {
            Some(flow) => View::Flow { id: flow.id.clone() },
            None => View::Article { url: url.to_string() },
        }
    }
}

/// The views the visitor went through, the current one last; never empty, Home first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Navigation {
    stack: Vec<View>,
}

impl Default for Navigation {
    fn default() -> Self {
        Navigation { stack: vec![View::Home] }
    }
}

impl Navigation {
    /// The view shown.
    pub fn current(&self) -> &View {
        self.stack.last().expect("the stack always holds Home")
    }

    /// Whether there is a view to go back to.
    pub fn can_go_back(&self) -> bool {
        self.stack.len() > 1
    }

    /// Shows `view`: Home starts over, the current view again changes nothing, anything
    /// else goes on top.
    pub fn go(&mut self, view: View) {
        match view {
            View::Home => self.stack.truncate(1),
            _ if *self.current() == view => {}
            _ => self.stack.push(view),
        }
    }

    /// Returns to the previous view; false when there is none.
    pub fn back(&mut self) -> bool {
        self.can_go_back() && self.stack.pop().is_some()
    }

    /// The visitor typed `query` in the search box: the results follow it as it changes
    /// (one view, not one per keystroke), and an empty box leaves them.
    pub fn search(&mut self, query: &str) {
        let typed = !query.trim().is_empty();
        match self.stack.last_mut() {
            Some(View::Results { query: shown }) if typed => *shown = query.to_string(),
            Some(View::Results { .. }) => drop(self.stack.pop()),
            _ if typed => self.stack.push(View::Results { query: query.to_string() }),
            _ => {}
        }
    }

    /// What the search box holds: the current results' query, else nothing.
    pub fn query(&self) -> &str {
        match self.current() {
            View::Results { query } => query,
            _ => "",
        }
    }

    /// What a flow handed over to the current view (contact or a ticket), if one did.
    pub fn handover(&self) -> Option<&Handover> {
        match self.current() {
            View::Contact { handover, .. } | View::Ticket { handover, .. } => handover.as_ref(),
            _ => None,
        }
    }

    /// Forgets every view but Home.
    pub fn reset(&mut self) {
        self.stack.truncate(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(q: &str) -> View {
        View::Results { query: q.into() }
    }

    fn article(url: &str) -> View {
        View::Article { url: url.into() }
    }

    #[test]
    fn typing_updates_one_results_view_and_back_returns_through_the_stack() {
        let mut nav = Navigation::default();
        assert_eq!(nav.current(), &View::Home);
        assert!(!nav.back(), "nothing before Home");
        nav.search("r");
        nav.search("refund");
        assert_eq!(nav.current(), &results("refund"));
        assert_eq!(nav.query(), "refund");
        nav.go(article("https://help.example.com/en/refunds/policy/"));
        nav.go(article("https://help.example.com/en/refunds/policy/"));
        assert!(nav.back());
        assert_eq!(nav.current(), &results("refund"), "back shows the results the article was opened from");
        assert!(nav.back());
        assert_eq!(nav.current(), &View::Home);
        assert_eq!(nav.query(), "");
    }

    #[test]
    fn clearing_the_box_leaves_the_results_and_home_starts_over() {
        let mut nav = Navigation::default();
        nav.search("parcel");
        nav.search("  ");
        assert_eq!(nav.current(), &View::Home);
        nav.search("parcel");
        nav.go(article("a"));
        nav.go(View::Home);
        assert_eq!(nav, Navigation::default());
        nav.go(article("a"));
        nav.search("x");
        assert_eq!(nav.current(), &results("x"), "typing from an article opens results over it");
        nav.reset();
        assert_eq!(nav, Navigation::default());
    }

    fn text(t: &str) -> Arg {
        Arg { text: Some(t.into()), ..Arg::default() }
    }

    #[test]
    fn views_by_name_as_the_js_api_gives_them() {
        let contact = Arg { topic: Some("orders".into()), urgency: Some("urgent".into()), text: None };
        let cases = [
            ("home", Arg::default(), Ok(View::Home)),
            ("results", text("退款"), Ok(results("退款"))),
            ("article", text("https://x/a/"), Ok(article("https://x/a/"))),
            (
                "contact",
                contact,
                Ok(View::Contact { topic: Some("orders".into()), urgency: Some(Urgency::Urgent), handover: None }),
            ),
            ("contact", Arg::default(), Ok(View::Contact { topic: None, urgency: None, handover: None })),
            ("ticket", text("ignored"), Ok(View::Ticket { topic: None, urgency: None, handover: None })),
            ("flow", text("refund-request"), Ok(View::Flow { id: "refund-request".into() })),
        ];
        for (name, arg, expected) in cases {
            assert_eq!(View::named(name, arg), expected, "{name}");
        }
        assert!(View::named("results", text(" ")).unwrap_err().contains("needs its arg"));
        let flow = View::named("flow", Arg::default()).unwrap_err();
        assert!(flow.contains("needs its arg") && flow.contains("flow (arg: its id)"), "{flow}");
        let bad = Arg { urgency: Some("asap".into()), ..Arg::default() };
        assert!(View::named("contact", bad).unwrap_err().contains("\"asap\" is not urgent, normal or low"));
        let unknown = View::named("tickets", Arg::default()).unwrap_err();
        assert!(unknown.contains("\"tickets\"") && unknown.contains("home, results"), "{unknown}");
        assert!(View::Home.has_search_box() && !article("a").has_search_box());
    }

    fn flows() -> Flows {
        let flow =
            |id: &str, url: &str| kefu_model::flow::Flow { id: id.into(), url: url.into(), ..Default::default() };
        Flows {
            flows: vec![flow("order-not-received", "en/flows/order-not-received/"), flow("refund", "flows/refund/")],
        }
    }

    #[test]
    fn a_flows_page_opens_the_flow_and_any_other_page_the_reader() {
        let site = "https://help.example.com/";
        let flow = |id: &str| View::Flow { id: id.into() };
        let cases = [
            ("https://help.example.com/en/flows/order-not-received/", flow("order-not-received")),
            ("https://help.example.com/en/flows/order-not-received/#lost", flow("order-not-received")),
            ("https://help.example.com/en/flows/order-not-received/?from=mail", flow("order-not-received")),
            ("https://help.example.com/flows/refund/index.html", flow("refund")),
            (
                "https://help.example.com/en/orders/lost-parcel/",
                article("https://help.example.com/en/orders/lost-parcel/"),
            ),
            ("https://help.example.com/en/flows/", article("https://help.example.com/en/flows/")),
            // Another site's page of the same path is not ours.
            ("https://shop.example.com/flows/refund/", article("https://shop.example.com/flows/refund/")),
        ];
        for (url, expected) in cases {
            assert_eq!(View::page(&flows(), site, url), expected, "{url}");
        }
    }

    #[test]
    fn back_from_contact_or_a_ticket_returns_to_the_flows_leaf() {
        let handover = Handover { flow: "order-not-received".into(), topic: "orders".into(), ..Handover::default() };
        let mut nav = Navigation::default();
        nav.go(View::Flow { id: "order-not-received".into() });
        nav.go(View::Flow { id: "order-not-received".into() });
        nav.go(View::Contact { topic: Some("orders".into()), urgency: None, handover: Some(handover.clone()) });
        nav.go(View::Ticket { topic: Some("orders".into()), urgency: Some(Urgency::Urgent), handover: Some(handover) });
        assert_eq!(nav.handover().map(|h| h.flow.as_str()), Some("order-not-received"));
        assert!(nav.back());
        assert!(matches!(nav.current(), View::Contact { handover: Some(h), .. } if h.topic == "orders"));
        assert!(nav.back());
        assert_eq!(
            nav.current(),
            &View::Flow { id: "order-not-received".into() },
            "one flow view, however often it was asked for"
        );
        assert_eq!(nav.handover(), None);
        assert!(nav.back());
        assert_eq!(nav.current(), &View::Home);
        assert!(!View::Flow { id: "x".into() }.has_search_box());
    }
}
