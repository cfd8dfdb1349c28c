//! The widget's data file: what one locale's widget needs besides the search index,
//! written by the build as `kefu/widget-<locale>.bin` and read by the widget.

use crate::codec::{self, DecodeError};
use crate::contact::Contact;
use crate::words::Words;
use serde::{Deserialize, Serialize};

/// The first bytes of a widget data file.
pub const MAGIC: &[u8; 4] = b"KFWD";
/// Bumped whenever the layout changes; the widget refuses other versions.
pub const VERSION: u16 = 5;

/// Everything one locale's widget shows besides search results.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetData {
    /// The locale, e.g. `zh-CN`.
    pub locale: String,
    /// The help center's name in this locale.
    pub site_name: String,
    /// The locale's home page relative to the site root, e.g. `en/` or empty.
    pub home: String,
    /// The words the widget shows.
    pub words: Words,
    /// The help center's categories, each with its first articles: what the panel
    /// suggests for a page's topic.
    pub categories: Vec<Category>,
    /// The articles the help center features on its home page.
    pub featured: Vec<Link>,
    /// The ways to reach a person, with their hours, and the topics.
    pub contact: Contact,
    /// The ticket form and where it posts.
    pub tickets: crate::ticket::TicketForm,
    /// The self-help flows' [outline](crate::flow::Flows::outline): their steps are in a
    /// file of their own, fetched when a walk starts (`kefu/flows-<locale>.bin`).
    pub flows: crate::flow::Flows,
}

/// A category and its first articles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Its folder name, which pages name as their topic (`data-kefu-topic`).
    pub slug: String,
    /// Its title.
    pub title: String,
    /// Its page, relative to the site root.
    pub url: String,
    /// Its first articles, in the category's order.
    pub articles: Vec<Link>,
}

/// A link to an article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The article's title.
    pub title: String,
    /// Its page, relative to the site root.
    pub url: String,
}

impl WidgetData {
    /// The file name of `locale`'s widget data, in the widget's folder.
    pub fn file_name(locale: &str) -> String {
        format!("widget-{locale}.bin")
    }

    /// The bytes of the file.
    pub fn encode(&self) -> Vec<u8> {
        codec::encode(MAGIC, VERSION, self)
    }

    /// Reads the bytes [`WidgetData::encode`] wrote.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        codec::decode(MAGIC, VERSION, bytes)
    }

    /// The topic of an article of category `slug`: the topic that lists the category.
    pub fn topic_of_category(&self, slug: &str) -> Option<&str> {
        self.contact.topics.iter().find(|t| t.categories.iter().any(|c| c == slug)).map(|t| t.id.as_str())
    }

    /// The contact topic a page's topic (`data-kefu-topic`) names: a topic's own id, or a
    /// category that a topic lists.
    pub fn topic(&self, name: &str) -> Option<&str> {
        let own = self.contact.topics.iter().find(|t| t.id == name).map(|t| t.id.as_str());
        own.or_else(|| self.topic_of_category(name))
    }

    /// The category `slug`, if there is one.
    pub fn category(&self, slug: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.slug == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pages_topic_names_a_contact_topic_or_one_of_its_categories() {
        let topic = |id: &str, categories: &[&str]| crate::contact::Topic {
            id: id.into(),
            label: String::new(),
            prepare: vec![],
            categories: categories.iter().map(|c| c.to_string()).collect(),
        };
        let data = WidgetData {
            contact: Contact {
                topics: vec![topic("orders", &["delivery"]), topic("other", &[])],
                ..Contact::default()
            },
            ..WidgetData::default()
        };
        assert_eq!(data.topic("orders"), Some("orders"));
        assert_eq!(data.topic("delivery"), Some("orders"));
        assert_eq!(data.topic("billing"), None);
        assert_eq!(data.topic_of_category("delivery"), Some("orders"));
    }

    #[test]
    fn round_trips_through_its_file() {
        let data = WidgetData {
            locale: "zh-CN".into(),
            site_name: "客服帮助中心".into(),
            home: String::new(),
            words: [("close", "关闭帮助")].into_iter().collect(),
            categories: vec![Category {
                slug: "orders".into(),
                title: "订单与物流".into(),
                url: "orders/".into(),
                articles: vec![Link { title: "包裹没到怎么办？".into(), url: "orders/lost-parcel/".into() }],
            }],
            featured: vec![],
            // Dates go through postcard too, which cannot describe itself: a date that
            // asked the format what comes next made every real site's file unreadable.
            contact: Contact {
                peaks: vec![crate::contact::Peak {
                    name: "双十一".into(),
                    from: crate::time::Date::parse("2026-11-10").unwrap(),
                    to: crate::time::Date::parse("2026-11-12").unwrap(),
                    notice: "先由自动回复处理".into(),
                }],
                ..Contact::default()
            },
            tickets: crate::ticket::TicketForm {
                endpoint: Some(crate::endpoint::Endpoint {
                    url: "/api/tickets".into(),
                    method: "POST".into(),
                    headers: vec![("X-Shop".into(), "cn".into())],
                    format: crate::endpoint::Format::Multipart,
                    preset: crate::endpoint::Preset::Webhook,
                    reference: "/reference".into(),
                    template: String::new(),
                }),
                fields: vec![crate::ticket::Field {
                    id: "customs".into(),
                    label: "海关".into(),
                    kind: crate::ticket::FieldKind::Select,
                    required: true,
                    pattern: String::new(),
                    hint: String::new(),
                    options: vec![("held".into(), "被扣".into())],
                    when: Some(crate::ticket::Condition {
                        field: "delivery".into(),
                        values: vec!["international".into()],
                    }),
                }],
                min_seconds: 3,
                attachments: Some(crate::ticket::Attachments {
                    max_files: 3,
                    max_bytes: 10_000_000,
                    types: vec!["image/*".into()],
                    max_edge: 1600,
                }),
                clarity: crate::clarity::default_rules(),
                feedback: Some("/api/feedback".into()),
            },
            flows: crate::flow::Flows {
                flows: vec![crate::flow::Flow {
                    id: "order-not-received".into(),
                    title: "包裹没到".into(),
                    topic: "orders".into(),
                    url: "flows/order-not-received/".into(),
                    start: 0,
                    steps: vec![
                        crate::flow::Step {
                            id: "tracking".into(),
                            title: "物流显示什么？".into(),
                            html: "<p>先看<strong>物流</strong>。</p>".into(),
                            field: Some("status".into()),
                            choices: vec![crate::flow::Choice {
                                label: "丢件".into(),
                                value: Some("lost".into()),
                                flow: None,
                                step: Some("lost".into()),
                                line: 9,
                            }],
                            end: None,
                            line: 6,
                        },
                        crate::flow::Step {
                            id: "lost".into(),
                            end: Some(crate::flow::End::Ticket {
                                topic: "orders".into(),
                                urgency: crate::contact::Urgency::Urgent,
                                evidence: vec!["order".into()],
                            }),
                            ..crate::flow::Step::default()
                        },
                    ],
                    ..crate::flow::Flow::default()
                }],
            },
        };
        let bytes = data.encode();
        assert_eq!(&bytes[..4], MAGIC);
        assert_eq!(WidgetData::decode(&bytes), Ok(data.clone()));
        assert_eq!(data.category("orders").map(|c| c.title.as_str()), Some("订单与物流"));
        let mut stale = bytes.clone();
        stale[4] = 0;
        assert!(matches!(WidgetData::decode(&stale), Err(DecodeError::Version { found: 0, .. })));
    }
}
