//! The outbox: every ticket is kept on the visitor's device before it is sent, and stays
//! until the endpoint answers 2xx. This is its state machine, pure: the widget stores the
//! entries (IndexedDB), sends them and reports what came back; the clock and the jitter
//! are arguments, so every retry rule is tested natively.

use crate::endpoint::{Preset, Ticket, reference_in, refusal_message};
use serde::{Deserialize, Serialize};

/// The first retry's delay, in milliseconds; each next one doubles it.
pub const FIRST_RETRY: i64 = 1_000;
/// The longest delay between two tries.
pub const LONGEST_RETRY: i64 = 5 * 60_000;
/// The least a ticket waits after a network error when the endpoint may hide a refusal
/// behind one (Zendesk's 403 and 429 arrive without CORS headers).
pub const HIDDEN_REFUSAL_WAIT: i64 = 30_000;

/// Where a ticket is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum State {
    /// Stored, waiting for its next try.
    Queued,
    /// A try is under way.
    Sending,
    /// The endpoint took it.
    Sent,
    /// The endpoint refused it for good: the visitor can edit and send it again.
    Refused,
}

/// One ticket in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The ticket.
    pub ticket: Ticket,
    /// Where it is.
    pub state: State,
    /// Tries so far.
    pub tries: u32,
    /// When the next try is due, ms since 1970.
    pub due: i64,
    /// The help desk's reference once sent, else empty.
    pub reference: String,
    /// When the endpoint took it, ms since 1970 (0 until then).
    pub sent: i64,
    /// Why the last try failed, for the visitor: the HTTP status (0: the network) and
    /// what the endpoint said, if it said something readable.
    pub failure: Option<(u16, String)>,
}

/// What came back from a try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// No response: offline, the server away, or a response the page may not read.
    Network,
    /// An HTTP response.
    Http {
        /// Its status.
        status: u16,
        /// Its `Retry-After` header, if any.
        retry_after: Option<String>,
        /// Its body.
        body: String,
    },
}

/// What the widget does after a try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Done: tell the visitor it was sent.
    Sent,
    /// Try again at this instant (ms).
    RetryAt(i64),
    /// Refused for good: show why, keep the text.
    Refused,
}

impl Entry {
    /// A new ticket, due at once.
    pub fn new(ticket: Ticket, now: i64) -> Entry {
        Entry { ticket, state: State::Queued, tries: 0, due: now, reference: String::new(), sent: 0, failure: None }
    }

    /// The reference the visitor is shown: the help desk's once it gave one, else the local one.
    pub fn shown_reference(&self) -> &str {
        if self.reference.is_empty() { &self.ticket.reference } else { &self.reference }
    }

    /// Whether it should be sent now.
    pub fn is_due(&self, now: i64) -> bool {
        self.state == State::Queued && self.due <= now
    }

    /// Whether it is still on its way (queued or sending).
    pub fn is_pending(&self) -> bool {
        matches!(self.state, State::Queued | State::Sending)
    }

    /// A try starts.
    pub fn start(&mut self) {
        self.state = State::Sending;
        self.tries += 1;
    }

    /// A try ended with `reply` at `now`; `jitter` in [0, 1) spreads retries so that
    /// visitors who lost the network together do not all come back at once.
    pub fn settle(&mut self, reply: &Reply, now: i64, jitter: f64, preset: Preset, pointer: &str) -> Next {
        let backoff = backoff(self.tries, jitter);
        let (status, wait) = match reply {
            Reply::Http { status: 200..=299, body, .. } => {
                self.state = State::Sent;
                self.sent = now;
                self.failure = None;
                self.reference = reference_in(body, pointer).unwrap_or_else(|| self.ticket.reference.clone());
                return Next::Sent;
            }
            Reply::Network if preset.hides_refusals() => (0, backoff.max(HIDDEN_REFUSAL_WAIT)),
            Reply::Network => (0, backoff),
            Reply::Http { status, retry_after, .. } if matches!(status, 408 | 429) || *status >= 500 => {
                let asked = retry_after.as_deref().and_then(|h| retry_after_ms(h, now));
                (*status, asked.map_or(backoff, |a| a.clamp(0, LONGEST_RETRY)))
            }
            Reply::Http { status, body, .. } => {
                self.state = State::Refused;
                self.failure = Some((*status, refusal_message(body).unwrap_or_default()));
                return Next::Refused;
            }
        };
        self.state = State::Queued;
        self.due = now + wait;
        self.failure = Some((status, String::new()));
        Next::RetryAt(self.due)
    }

    /// The page loaded again: a try that was under way when it went away never ended.
    pub fn revive(&mut self) {
        if self.state == State::Sending {
            self.state = State::Queued;
        }
    }

    /// The browser is online again: whatever waits is due now.
    pub fn online(&mut self, now: i64) {
        if self.state == State::Queued {
            self.due = self.due.min(now);
        }
    }

    /// The visitor edited a refused ticket and sends it again: a new try from the start,
    /// under a new key (the endpoint answered the old one already).
    pub fn resend(&mut self, edited: Ticket, now: i64) {
        *self = Entry::new(edited, now);
    }
}

/// The delay before try `tries + 1`: 1 s, doubling, at most 5 minutes; then between half
/// and all of it, by `jitter`.
pub fn backoff(tries: u32, jitter: f64) -> i64 {
    let full = FIRST_RETRY.saturating_mul(1 << tries.saturating_sub(1).min(20)).min(LONGEST_RETRY);
    full / 2 + (full as f64 / 2.0 * jitter.clamp(0.0, 1.0)) as i64
}

/// `Retry-After` as a delay from `now` in ms: delay-seconds, or an HTTP date
/// (`Wed, 21 Oct 2026 07:28:00 GMT`).
pub fn retry_after_ms(header: &str, now: i64) -> Option<i64> {
    let header = header.trim();
    if let Ok(seconds) = header.parse::<u32>() {
        return Some(i64::from(seconds) * 1000);
    }
    // IMF-fixdate: day-name, DD Mon YYYY HH:MM:SS GMT
    let mut parts = header.split_whitespace().skip(1);
    let day: u8 = parts.next()?.parse().ok()?;
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month)? as u8 + 1;
    let year: i32 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next() != Some("GMT") {
        return None;
    }
    let date = crate::time::Date::new(year, month, day)?;
    let at = (date.days() * 86_400 + h * 3600 + m * 60 + s) * 1000;
    Some((at - now).max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_796_000_000_000;

    fn entry() -> Entry {
        Entry::new(Ticket::new([3; 16], NOW), NOW)
    }

    fn http(status: u16, retry_after: Option<&str>, body: &str) -> Reply {
        Reply::Http { status, retry_after: retry_after.map(String::from), body: body.into() }
    }

    #[test]
    fn retries_back_off_with_jitter_and_stop_at_five_minutes() {
        assert_eq!(backoff(1, 0.0), 500);
        assert_eq!(backoff(1, 0.999_999), 999);
        assert_eq!(backoff(2, 1.0), 2_000);
        assert_eq!(backoff(4, 1.0), 8_000);
        assert_eq!(backoff(30, 1.0), LONGEST_RETRY);
        assert_eq!(backoff(30, 0.0), LONGEST_RETRY / 2);
    }

    #[test]
    fn network_errors_5xx_408_and_429_are_retried_other_4xx_refused() {
        let mut e = entry();
        assert!(e.is_due(NOW));
        e.start();
        assert!(!e.is_due(NOW) && e.is_pending());
        assert_eq!(e.settle(&Reply::Network, NOW, 1.0, Preset::Webhook, ""), Next::RetryAt(NOW + 1_000));
        assert!(!e.is_due(NOW) && e.is_due(NOW + 1_000));
        e.start();
        assert_eq!(e.settle(&http(503, None, ""), NOW, 1.0, Preset::Webhook, ""), Next::RetryAt(NOW + 2_000));
        assert_eq!(e.failure, Some((503, String::new())));
        e.start();
        assert_eq!(e.settle(&http(429, Some("2"), ""), NOW, 1.0, Preset::Webhook, ""), Next::RetryAt(NOW + 2_000));
        e.start();
        assert_eq!(
            e.settle(&http(408, Some("9999"), ""), NOW, 0.0, Preset::Webhook, ""),
            Next::RetryAt(NOW + LONGEST_RETRY)
        );
        e.start();
        let body = r#"{"error":"email is not valid"}"#;
        assert_eq!(e.settle(&http(422, None, body), NOW, 0.0, Preset::Webhook, ""), Next::Refused);
        assert_eq!(e.state, State::Refused);
        assert_eq!(e.failure, Some((422, "email is not valid".into())));
        assert!(!e.is_pending() && !e.is_due(NOW + LONGEST_RETRY));
    }

    #[test]
    fn a_2xx_sends_it_with_the_help_desks_reference_or_the_local_one() {
        let mut e = entry();
        e.start();
        assert_eq!(
            e.settle(&http(201, None, r#"{"request":{"id":88}}"#), NOW, 0.5, Preset::Zendesk, "/request/id"),
            Next::Sent
        );
        assert_eq!((e.state, e.reference.as_str(), e.sent), (State::Sent, "88", NOW));
        let mut e = entry();
        e.start();
        e.settle(&http(200, None, "ok"), NOW, 0.5, Preset::Webhook, "/reference");
        assert_eq!(e.reference, e.ticket.reference);
        assert_eq!(e.shown_reference(), e.ticket.reference);
    }

    #[test]
    fn zendesk_network_errors_wait_at_least_thirty_seconds_and_are_never_refusals() {
        let mut e = entry();
        e.start();
        assert_eq!(e.settle(&Reply::Network, NOW, 0.0, Preset::Zendesk, ""), Next::RetryAt(NOW + HIDDEN_REFUSAL_WAIT));
        assert_eq!(e.state, State::Queued);
    }

    #[test]
    fn a_reload_revives_an_interrupted_try_and_online_makes_it_due() {
        let mut e = entry();
        e.start();
        e.settle(&Reply::Network, NOW, 1.0, Preset::Webhook, "");
        e.start();
        e.revive();
        assert_eq!(e.state, State::Queued);
        e.due = NOW + 60_000;
        e.online(NOW + 5);
        assert!(e.is_due(NOW + 5));
        let edited = Ticket::new([9; 16], NOW + 10);
        e.resend(edited.clone(), NOW + 10);
        assert_eq!((e.tries, e.ticket.key.as_str(), e.state), (0, edited.key.as_str(), State::Queued));
    }

    #[test]
    fn retry_after_in_seconds_or_as_an_http_date() {
        assert_eq!(retry_after_ms("120", NOW), Some(120_000));
        let date = "Mon, 30 Nov 2026 00:53:30 GMT"; // NOW + 10 s
        assert_eq!(retry_after_ms(date, NOW), Some(10_000));
        assert_eq!(retry_after_ms("Mon, 30 Nov 2026 00:00:00 GMT", NOW), Some(0), "in the past: now");
        assert_eq!(retry_after_ms("soon", NOW), None);
        assert_eq!(retry_after_ms("Mon, 30 Nov 2026 01:33:30 CET", NOW), None);
    }
}
