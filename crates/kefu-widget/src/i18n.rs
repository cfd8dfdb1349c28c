//! The widget's own words, per locale. The help center's content carries its own.

/// Every string the widget shows.
pub struct Labels {
    pub title: &'static str,
    pub close: &'static str,
    pub search: &'static str,
    pub placeholder: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub no_results: &'static str,
    /// Announced to screen readers; `{n}` is replaced by the number of results.
    pub results: &'static str,
    /// The link to the contact page when nothing matches.
    pub contact: &'static str,
    /// The heading of the suggestions for the current page.
    pub suggested: &'static str,
    /// Back from an article to the results.
    pub back: &'static str,
    /// Opens the article's own page.
    pub open_page: &'static str,
    /// Asked under an article.
    pub helpful: &'static str,
    /// The answers.
    pub yes: &'static str,
    /// The answers.
    pub no: &'static str,
    /// After "yes".
    pub thanks: &'static str,
    /// After "no".
    pub sorry: &'static str,
}

const EN: Labels = Labels {
    title: "Help",
    close: "Close help",
    search: "Search help articles",
    placeholder: "How can we help?",
    loading: "Loading articles…",
    load_failed: "Articles could not be loaded. Please try again later.",
    no_results: "No matching articles.",
    results: "{n} articles found",
    contact: "Contact us: we are happy to help",
    suggested: "Suggested articles",
    back: "← Back to results",
    open_page: "Open this article in the help center",
    helpful: "Did this answer your question?",
    yes: "Yes",
    no: "No",
    thanks: "Thanks for letting us know!",
    sorry: "Sorry about that. Our team can help:",
};

const ZH_CN: Labels = Labels {
    title: "帮助中心",
    close: "关闭帮助",
    search: "搜索帮助文章",
    placeholder: "请问有什么可以帮您？",
    loading: "正在加载文章…",
    load_failed: "文章加载失败，请稍后再试。",
    no_results: "没有找到相关文章。",
    results: "找到 {n} 篇文章",
    contact: "联系客服，我们来帮你",
    suggested: "推荐文章",
    back: "← 返回搜索结果",
    open_page: "在帮助中心打开这篇文章",
    helpful: "这篇文章解决你的问题了吗？",
    yes: "解决了",
    no: "没有",
    thanks: "谢谢你的反馈！",
    sorry: "很抱歉。客服可以帮你：",
};

/// The labels for `locale` (a BCP 47 tag), English when the language is not known.
pub fn labels(locale: &str) -> &'static Labels {
    let language = locale.split(['-', '_']).next().unwrap_or_default();
    if language.eq_ignore_ascii_case("zh") { &ZH_CN } else { &EN }
}
